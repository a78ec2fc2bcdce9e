using System;

namespace Compiled.Training;

/// <summary>
/// Lowers the rate when training stalls: after <see cref="Patience"/> epochs in a row in which the monitored value (the
/// validation loss by default) did not improve by more than <see cref="MinDelta"/>, lr ← max(lr · factor, lr_min), then
/// waits <see cref="Cooldown"/> epochs before counting again (Keras's <c>ReduceLROnPlateau</c>).
/// </summary>
/// <remarks>
/// The rate it gives does not depend on the epoch number but on the run so far: it changes in
/// <see cref="EpochEnded"/>, which <see cref="Trainer"/> calls after each epoch, and carries over to the next
/// <c>Fit</c> of the same trainer.
/// </remarks>
public sealed class ReduceLROnPlateau : ILearningRateSchedule
{
    private float _rate;
    private double _best;
    private int _wait;
    private int _cooldownLeft;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initial">The rate until the first reduction, finite and &gt; 0.</param>
    /// <param name="factor">What a reduction multiplies the rate by, in (0, 1); 0.1 by default.</param>
    /// <param name="patience">Epochs without improvement before a reduction, at least 1; 10 by default.</param>
    /// <param name="monitor">The value watched; <see cref="Monitored.ValidationLoss"/> by default.</param>
    /// <param name="minDelta">How much a value must beat the best by to count as an improvement, &gt;= 0; 1e-4 by default.</param>
    /// <param name="cooldown">Epochs after a reduction during which no epoch counts as stalled; 0 by default.</param>
    /// <param name="minimum">lr_min, the rate is never reduced below it, finite and &gt; 0; 1e-6 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public ReduceLROnPlateau(
        float initial, float factor = 0.1f, int patience = 10, Monitored monitor = Monitored.ValidationLoss,
        double minDelta = 1e-4, int cooldown = 0, float minimum = 1e-6f)
    {
        _rate = HyperParameter.Positive(initial, nameof(initial));
        if (!(factor is > 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        if (!double.IsFinite(minDelta) || minDelta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite number greater than or equal to 0.");
        }

        Factor = factor;
        Patience = patience;
        Monitor = monitor;
        MinDelta = minDelta;
        Cooldown = cooldown;
        Minimum = HyperParameter.Positive(minimum, nameof(minimum));
        _best = Improvement.Worst(monitor);
    }

    /// <summary>What a reduction multiplies the rate by.</summary>
    public float Factor { get; }

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The value watched.</summary>
    public Monitored Monitor { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs after a reduction during which no epoch counts as stalled.</summary>
    public int Cooldown { get; }

    /// <summary>lr_min.</summary>
    public float Minimum { get; }

    /// <summary>The current rate.</summary>
    /// <param name="epoch">Ignored: the rate depends on the run, not the epoch number.</param>
    public float Rate(int epoch) => _rate;

    /// <inheritdoc/>
    public void EpochEnded(EpochSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        double value = summary.Value(Monitor);
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _wait = 0;
        }

        if (Improvement.Beats(Monitor, value, _best, MinDelta))
        {
            _best = value;
            _wait = 0;
        }
        else if (_cooldownLeft == 0 && ++_wait >= Patience && _rate > Minimum)
        {
            _rate = Math.Max(_rate * Factor, Minimum);
            _cooldownLeft = Cooldown;
            _wait = 0;
        }
    }
}
