using System;

namespace Compiled.Training;

/// <summary>
/// Linear warm-up before another schedule: the rate climbs in equal steps from <see cref="StartFactor"/> · lr to lr
/// over <see cref="WarmupEpochs"/> epochs, then <see cref="Then"/> runs from its own epoch 0 (PyTorch's <c>LinearLR</c>
/// followed by the next scheduler in a <c>SequentialLR</c>). With lr = Then.Rate(0):
/// lr_e = lr · (s + (1 - s) · e / W) for e &lt; W, and lr_e = Then.Rate(e - W) afterwards.
/// </summary>
/// <example>
/// <c>new LinearWarmup(new ConstantRate(0.1f), warmupEpochs: 4, startFactor: 0.25f)</c> gives 0.025, 0.04375, 0.0625,
/// 0.08125, then 0.1.
/// </example>
public sealed class LinearWarmup : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="then">The schedule after the warm-up; its first rate is the one warmed up to.</param>
    /// <param name="warmupEpochs">W, at least 1.</param>
    /// <param name="startFactor">s in (0, 1]: the first epoch's fraction of the rate; 0.1 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public LinearWarmup(ILearningRateSchedule then, int warmupEpochs, float startFactor = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(then);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupEpochs, 1);
        Then = then;
        WarmupEpochs = warmupEpochs;
        StartFactor = ScheduleMath.Factor(startFactor, nameof(startFactor));
    }

    /// <summary>The schedule after the warm-up.</summary>
    public ILearningRateSchedule Then { get; }

    /// <summary>W.</summary>
    public int WarmupEpochs { get; }

    /// <summary>s.</summary>
    public float StartFactor { get; }

    /// <inheritdoc/>
    public float Rate(int epoch)
    {
        int e = ScheduleMath.Epoch(epoch);
        if (e >= WarmupEpochs)
        {
            return Then.Rate(e - WarmupEpochs);
        }

        return ScheduleMath.Positive(Then.Rate(0) * (StartFactor + (1.0 - StartFactor) * e / WarmupEpochs));
    }

    /// <inheritdoc/>
    public void EpochEnded(EpochSummary summary) => Then.EpochEnded(summary);
}
