using System;

namespace Compiled.Data;

/// <summary>
/// One mini-batch: inputs row-major [size, features] and one class label per sample, ready for a network's
/// <c>TrainStep(inputs, labels, optimizer)</c> or <c>Predict(inputs, classes)</c>.
/// </summary>
/// <remarks>The spans are views of the <see cref="MiniBatches"/> buffers, valid until its next <see cref="MiniBatches.Get"/>.</remarks>
public readonly ref struct Batch
{
    /// <summary>Creates a batch over filled buffers.</summary>
    /// <param name="inputs">Row-major [size, features].</param>
    /// <param name="labels">One label per sample.</param>
    public Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>The samples, row-major [size, features], pixels scaled to [0, 1].</summary>
    public ReadOnlySpan<float> Inputs { get; }

    /// <summary>The class of each sample.</summary>
    public ReadOnlySpan<int> Labels { get; }

    /// <summary>The number of samples; the last batch of an epoch may be smaller than the others.</summary>
    public int Size => Labels.Length;
}
