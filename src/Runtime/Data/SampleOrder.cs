using System;

namespace Compiled.Data;

/// <summary>
/// The order in which an epoch visits n samples: a permutation of 0 to n - 1, in file order until the first
/// <see cref="Shuffle"/>, then reshuffled uniformly at random from a seed. <see cref="MiniBatches"/> and
/// <see cref="Training.Trainer"/> share it, so the same seed visits the same samples in the same order in both.
/// </summary>
internal sealed class SampleOrder
{
    // Mixed into the seed so that a network and its batches built from one seed draw unrelated random streams.
    private const ulong ShuffleStream = 0x5348_5546_464C_4553; // "SHUFFLES"

    private readonly int[] _order;
    private readonly SeededRandom _random;

    /// <summary>Allocates the order of <paramref name="count"/> samples, in file order.</summary>
    public SampleOrder(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _order = new int[count];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        _random = new SeededRandom(seed ^ ShuffleStream);
    }

    /// <summary>The sample indices in visiting order.</summary>
    public ReadOnlySpan<int> Indices => _order;

    /// <summary>The sample visited at <paramref name="position"/>.</summary>
    public int this[int position] => _order[position];

    /// <summary>Permutes the order uniformly at random (Fisher–Yates); allocates nothing.</summary>
    public void Shuffle()
    {
        // For i = n-1 down to 1, swap element i with a uniformly chosen element of [0, i].
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = (int)NextBelow((uint)i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
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
