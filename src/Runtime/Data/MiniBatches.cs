using System;

namespace Compiled.Data;

/// <summary>
/// Cuts labeled images into mini-batches for training or evaluation: a seeded shuffle per epoch, and each batch
/// copied (pixels scaled to [0, 1]) into one reusable buffer, so an epoch allocates nothing.
/// </summary>
/// <example>
/// <code>
/// var batches = new MiniBatches(mnist.Train, batchSize: 100, seed: 1);
/// for (int epoch = 0; epoch &lt; epochs; epoch++)
/// {
///     batches.Shuffle();
///     for (int b = 0; b &lt; batches.Count; b++)
///     {
///         Batch batch = batches.Get(b);
///         network.TrainStep(batch.Inputs, batch.Labels, optimizer);
///     }
/// }
/// </code>
/// </example>
public sealed class MiniBatches
{
    private readonly SampleOrder _order;
    private readonly float[] _inputs;
    private readonly int[] _labels;

    /// <summary>Allocates the sample order and one batch's buffers. Until <see cref="Shuffle"/> is called, samples come in file order.</summary>
    /// <param name="data">The labeled images.</param>
    /// <param name="batchSize">Samples per batch, at least 1; the last batch holds the remainder.</param>
    /// <param name="seed">Determines every shuffle: the same seed gives the same sequence of epochs.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    public MiniBatches(LabeledImages data, int batchSize, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Data = data;
        BatchSize = Math.Min(batchSize, data.Count);
        _order = new SampleOrder(data.Count, seed);
        _inputs = new float[BatchSize * data.Images.PixelsPerImage];
        _labels = new int[BatchSize];
    }

    /// <summary>The labeled images.</summary>
    public LabeledImages Data { get; }

    /// <summary>Samples per batch (at most the number of samples).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch: every sample once, the last batch possibly smaller.</summary>
    public int Count => (Data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order in which samples are visited this epoch: sample indices, a permutation of 0 to n - 1.</summary>
    public ReadOnlySpan<int> Order => _order.Indices;

    /// <summary>Permutes the sample order uniformly at random (Fisher–Yates); call once at the start of each epoch.</summary>
    public void Shuffle() => _order.Shuffle();

    /// <summary>Fills the buffers with batch <paramref name="index"/> of this epoch's order and returns views of them.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the epoch.</exception>
    public Batch Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int first = index * BatchSize;
        int size = Math.Min(BatchSize, Data.Count - first);
        int features = Data.Images.PixelsPerImage;
        for (int b = 0; b < size; b++)
        {
            int sample = _order[first + b];
            Data.Images.CopyScaled(sample, _inputs.AsSpan(b * features, features));
            _labels[b] = Data.Labels[sample];
        }

        return new Batch(_inputs.AsSpan(0, size * features), _labels.AsSpan(0, size));
    }
}
