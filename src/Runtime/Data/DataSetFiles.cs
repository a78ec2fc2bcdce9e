using System.Collections.Generic;

namespace Compiled.Data;

/// <summary>The four IDX files of an MNIST-style data set, and what its labels may be.</summary>
/// <param name="Name">The data set's name in messages (<c>MNIST</c>).</param>
/// <param name="Classes">The number of classes; every label is below it.</param>
/// <param name="TrainImages">The training images.</param>
/// <param name="TrainLabels">The training labels.</param>
/// <param name="TestImages">The test images.</param>
/// <param name="TestLabels">The test labels.</param>
public sealed record DataSetFiles(
    string Name, int Classes, DataFile TrainImages, DataFile TrainLabels, DataFile TestImages, DataFile TestLabels)
{
    /// <summary>The four files, training images first.</summary>
    public IReadOnlyList<DataFile> All => [TrainImages, TrainLabels, TestImages, TestLabels];
}
