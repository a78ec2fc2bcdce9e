using System;

namespace Compiled.Training;

/// <summary>Exponential decay: lr_e = lr_0 · γ^e, a little smaller every epoch (PyTorch's <c>ExponentialLR</c>).</summary>
/// <example><c>new ExponentialDecay(0.1f, factor: 0.5f)</c> gives 0.1, 0.05, 0.025, ...</example>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initial">lr_0, finite and &gt; 0.</param>
    /// <param name="factor">γ in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public ExponentialDecay(float initial, float factor)
    {
        Initial = HyperParameter.Positive(initial, nameof(initial));
        Factor = ScheduleMath.Factor(factor, nameof(factor));
    }

    /// <summary>lr_0.</summary>
    public float Initial { get; }

    /// <summary>γ.</summary>
    public float Factor { get; }

    /// <inheritdoc/>
    public float Rate(int epoch) => ScheduleMath.Positive(Initial * Math.Pow(Factor, ScheduleMath.Epoch(epoch)));
}
