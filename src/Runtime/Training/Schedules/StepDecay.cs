using System;

namespace Compiled.Training;

/// <summary>
/// Step decay, the tutorial's "gear shifting": a large rate while far from the minimum, then a smaller one every
/// <see cref="StepEpochs"/> epochs, lr_e = lr_0 · γ^⌊e / step⌋ (PyTorch's <c>StepLR</c>).
/// </summary>
/// <example>
/// <c>new StepDecay(0.1f, factor: 0.5f, stepEpochs: 2)</c> gives 0.1, 0.1, 0.05, 0.05, 0.025, ...
/// </example>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initial">lr_0, finite and &gt; 0.</param>
    /// <param name="factor">γ in (0, 1]: what each shift multiplies the rate by.</param>
    /// <param name="stepEpochs">Epochs between shifts, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public StepDecay(float initial, float factor, int stepEpochs)
    {
        Initial = HyperParameter.Positive(initial, nameof(initial));
        Factor = ScheduleMath.Factor(factor, nameof(factor));
        ArgumentOutOfRangeException.ThrowIfLessThan(stepEpochs, 1);
        StepEpochs = stepEpochs;
    }

    /// <summary>lr_0.</summary>
    public float Initial { get; }

    /// <summary>γ.</summary>
    public float Factor { get; }

    /// <summary>Epochs between shifts.</summary>
    public int StepEpochs { get; }

    /// <inheritdoc/>
    public float Rate(int epoch) => ScheduleMath.Positive(Initial * Math.Pow(Factor, ScheduleMath.Epoch(epoch) / StepEpochs));
}
