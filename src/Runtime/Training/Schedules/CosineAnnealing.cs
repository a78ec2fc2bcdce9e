using System;

namespace Compiled.Training;

/// <summary>
/// Cosine annealing: the rate falls from lr_0 to lr_min along half a cosine over <see cref="Epochs"/> epochs,
/// lr_e = lr_min + (lr_0 - lr_min) · (1 + cos(π e / T)) / 2, and stays at lr_min after epoch T
/// (PyTorch's <c>CosineAnnealingLR</c> within its first period).
/// </summary>
/// <example><c>new CosineAnnealing(0.1f, epochs: 4)</c> gives 0.1, 0.0854, 0.05, 0.0146, then lr_min from epoch 4.</example>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initial">lr_0, finite and &gt; 0.</param>
    /// <param name="epochs">T, the epochs the descent takes, at least 1.</param>
    /// <param name="minimum">lr_min, finite, &gt; 0 and below <paramref name="initial"/>; 1e-6 by default (a rate of 0 would stop learning).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public CosineAnnealing(float initial, int epochs, float minimum = 1e-6f)
    {
        Initial = HyperParameter.Positive(initial, nameof(initial));
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Minimum = HyperParameter.Positive(minimum, nameof(minimum));
        if (minimum >= initial)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"minimum must be below initial ({initial}).");
        }

        Epochs = epochs;
    }

    /// <summary>lr_0.</summary>
    public float Initial { get; }

    /// <summary>T.</summary>
    public int Epochs { get; }

    /// <summary>lr_min.</summary>
    public float Minimum { get; }

    /// <inheritdoc/>
    public float Rate(int epoch)
    {
        int e = Math.Min(ScheduleMath.Epoch(epoch), Epochs);
        return ScheduleMath.Positive(Minimum + (Initial - (double)Minimum) * (1 + Math.Cos(Math.PI * e / Epochs)) / 2);
    }
}
