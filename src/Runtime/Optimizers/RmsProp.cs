using System;
using System.Numerics.Tensors;

namespace Compiled;

/// <summary>
/// RMSprop (Hinton, 2012), exactly as PyTorch's <c>torch.optim.RMSprop</c> (non-centered, no weight decay).
/// </summary>
/// <remarks>
/// Per element, with s and b starting at 0:
/// <code>
/// s = α s + (1 - α) g²
/// if μ != 0:  b = μ b + g / (sqrt(s) + ε);   p = p - lr b
/// else:       p = p - lr g / (sqrt(s) + ε)
/// </code>
/// There is no bias correction: early steps are large because s starts at 0, as in PyTorch.
/// </remarks>
public sealed class RmsProp : IStatefulOptimizer, ILearningRate
{
    private const int SquareAverage = 0, Scratch = 1, MomentumBuffer = 2;

    private readonly OptimizerState _state;
    private float _learningRate;

    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="alpha">α in [0, 1), the decay of the running average of g².</param>
    /// <param name="epsilon">ε &gt;= 0, added to the denominator for numerical stability.</param>
    /// <param name="momentum">μ in [0, 1); 0 (the default) disables momentum.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of its range.</exception>
    public RmsProp(float learningRate = 0.01f, float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0f)
    {
        _learningRate = HyperParameter.Positive(learningRate, nameof(learningRate));
        Alpha = HyperParameter.DecayRate(alpha, nameof(alpha));
        Epsilon = HyperParameter.NonNegative(epsilon, nameof(epsilon));
        Momentum = HyperParameter.DecayRate(momentum, nameof(momentum));
        _state = new OptimizerState(momentum != 0f ? 3 : 2);
    }

    /// <summary>lr, finite and &gt; 0. Settable between steps, for learning-rate schedules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not &gt; 0.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameter.Positive(value, nameof(value));
    }

    /// <summary>α, the decay of the running average of g².</summary>
    public float Alpha { get; }

    /// <summary>ε, added to sqrt(s).</summary>
    public float Epsilon { get; }

    /// <summary>μ, the decay of the momentum buffer; 0 when momentum is off.</summary>
    public float Momentum { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _state.BeginStep(parameters.Length, gradients.Length);
        Span<float> s = _state.Buffer(SquareAverage), scratch = _state.Buffer(Scratch);

        // s = α s + (1 - α) g².
        TensorPrimitives.Multiply(gradients, gradients, scratch);
        TensorPrimitives.Multiply(s, Alpha, s);
        TensorPrimitives.MultiplyAdd(scratch, 1f - Alpha, s, s);

        // scratch = g / (sqrt(s) + ε).
        TensorPrimitives.Sqrt(s, scratch);
        TensorPrimitives.Add(scratch, Epsilon, scratch);
        TensorPrimitives.Divide(gradients, scratch, scratch);

        Span<float> step = scratch;
        if (Momentum != 0f)
        {
            // b = μ b + g / (sqrt(s) + ε).
            step = _state.Buffer(MomentumBuffer);
            TensorPrimitives.MultiplyAdd(step, Momentum, scratch, step);
        }

        TensorPrimitives.MultiplyAdd(step, -_learningRate, parameters, parameters);
    }

    /// <summary>Forgets the running averages, so the next step starts from s = b = 0 and may use a buffer of any length.</summary>
    public void Reset() => _state.Reset();

    /// <inheritdoc/>
    public OptimizerSnapshot CaptureState() => _state.Capture(nameof(RmsProp), KeptBuffers);

    /// <inheritdoc/>
    public void RestoreState(OptimizerSnapshot snapshot) => _state.Restore(snapshot, nameof(RmsProp), KeptBuffers);

    // The running average of g² always; the momentum buffer only with momentum; never the scratch row.
    private (string, int)[] KeptBuffers => Momentum != 0f
        ? [("square_avg", SquareAverage), ("momentum_buffer", MomentumBuffer)]
        : [("square_avg", SquareAverage)];
}
