using System;

namespace Compiled.Data;

/// <summary>Images and their class labels, one label per image: one part (training or test) of a data set.</summary>
public sealed class LabeledImages
{
    /// <summary>Pairs images with their labels.</summary>
    /// <param name="images">The images.</param>
    /// <param name="labels">One class label per image; kept, not copied.</param>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public LabeledImages(IdxImages images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != images.Count)
        {
            throw new ArgumentException($"labels must hold one label per image ({images.Count}); got {labels.Length}.", nameof(labels));
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>The images.</summary>
    public IdxImages Images { get; }

    /// <summary>The class of each image (0 to 9 for MNIST).</summary>
    public byte[] Labels { get; }

    /// <summary>The number of labeled images.</summary>
    public int Count => Labels.Length;
}
