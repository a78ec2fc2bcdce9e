using System;

namespace Compiled;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's <c>torch.optim.AdamW</c>, with
/// subnormal moments stored as 0 (see <see cref="Adam"/>).
/// </summary>
/// <remarks>
/// Per element, at step t = 1, 2, ...: first p = p - lr wd p, then the <see cref="Adam"/> update:
/// <code>
/// m = β1 m + (1 - β1) g
/// v = β2 v + (1 - β2) g²
/// p = p - lr (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
/// </code>
/// Unlike L2 regularization the decay never enters m and v, so it is not rescaled by the adaptive denominator.
/// </remarks>
public sealed class AdamW : IStatefulOptimizer, ILearningRate
{
    private readonly Adam _adam;

    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="beta1">β1 in [0, 1), the decay of the first moment m.</param>
    /// <param name="beta2">β2 in [0, 1), the decay of the second moment v.</param>
    /// <param name="epsilon">ε &gt;= 0, added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">wd &gt;= 0, the decoupled decay coefficient (PyTorch's default 0.01).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of its range.</exception>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
    {
        _adam = new Adam(learningRate, beta1, beta2, epsilon);
        WeightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>lr, finite and &gt; 0; it scales the decay too. Settable between steps, for learning-rate schedules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not &gt; 0.</exception>
    public float LearningRate
    {
        get => _adam.LearningRate;
        set => _adam.LearningRate = value;
    }

    /// <summary>The most threads one <see cref="Step"/> may use (see <see cref="Adam.Threads"/>); every logical processor by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Threads
    {
        get => _adam.Threads;
        set => _adam.Threads = value;
    }

    /// <summary>β1, the decay of the first moment.</summary>
    public float Beta1 => _adam.Beta1;

    /// <summary>β2, the decay of the second moment.</summary>
    public float Beta2 => _adam.Beta2;

    /// <summary>ε, added to sqrt(v̂).</summary>
    public float Epsilon => _adam.Epsilon;

    /// <summary>wd, the decoupled weight decay coefficient.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients) => _adam.Step(parameters, gradients, WeightDecay);

    /// <summary>Forgets the moments and the step count, so the next step is t = 1 and may use a buffer of any length.</summary>
    public void Reset() => _adam.Reset();

    /// <inheritdoc/>
    public OptimizerSnapshot CaptureState() => _adam.CaptureState(nameof(AdamW));

    /// <inheritdoc/>
    public void RestoreState(OptimizerSnapshot snapshot) => _adam.RestoreState(snapshot, nameof(AdamW));
}
