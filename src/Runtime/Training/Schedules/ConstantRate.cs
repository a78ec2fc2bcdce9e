namespace Compiled.Training;

/// <summary>The same learning rate every epoch: lr_e = lr.</summary>
public sealed class ConstantRate : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">lr, finite and &gt; 0.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="rate"/> is not finite or not &gt; 0.</exception>
    public ConstantRate(float rate) => Initial = HyperParameter.Positive(rate, nameof(rate));

    /// <summary>lr.</summary>
    public float Initial { get; }

    /// <inheritdoc/>
    public float Rate(int epoch) => Initial;
}
