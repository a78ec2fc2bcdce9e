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
    // Mixed into the seed so that a network and its batches built from one seed draw unrelated random streams.
    private const ulong ShuffleStream = 0x5348_5546_464C_4553; // "SHUFFLES"

    private readonly int[] _order;
    private readonly float[] _inputs;
    private readonly int[] _labels;
    private readonly SeededRandom _random;

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
        _order = new int[data.Count];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        _inputs = new float[BatchSize * data.Images.PixelsPerImage];
        _labels = new int[BatchSize];
        _random = new SeededRandom(seed ^ ShuffleStream);
    }

    /// <summary>The labeled images.</summary>
    public LabeledImages Data { get; }

    /// <summary>Samples per batch (at most the number of samples).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch: every sample once, the last batch possibly smaller.</summary>
    public int Count => (Data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order in which samples are visited this epoch: sample indices, a permutation of 0 to n - 1.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Permutes the sample order uniformly at random (Fisher–Yates); call once at the start of each epoch.</summary>
    public void Shuffle()
    {
        // For i = n-1 down to 1, swap element i with a uniformly chosen element of [0, i].
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = (int)NextBelow((uint)i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

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

    // A uniform integer in [0, bound) without modulo bias (Lemire, 2019): the high half of a 32x32-bit product,
    // rejecting the few low halves that would make some results more likely than others.
    private uint NextBelow(uint bound)
    {
        ulong product = (ulong)_random.NextUInt32() * bound;
        if ((uint)product < bound)
        {
            uint threshold = (0u - bound) % bound;
            while ((uint)product < threshold)
            {
                product = (ulong)_random.NextUInt32() * bound;
            }
        }

        return (uint)(product >> 32);
    }
}
