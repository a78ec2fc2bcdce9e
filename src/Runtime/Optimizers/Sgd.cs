using System;
using System.Numerics.Tensors;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as PyTorch's
/// <c>torch.optim.SGD</c> with zero dampening, with a subnormal velocity stored as 0 (see the remarks).
/// </summary>
/// <remarks>
/// Per element, with learning rate lr, momentum μ and weight decay wd:
/// <code>
/// g' = g + wd p
/// if μ != 0:  v = μ v + g'            (on the first step v = g')
///             g' = nesterov ? g' + μ v : v
/// p  = p - lr g'
/// </code>
/// One difference from PyTorch: a velocity below float's smallest normal value (1.18e-38) is stored as 0, so that a
/// weight whose gradient stays 0 does not leave its velocity decaying into subnormal numbers, on which x86 arithmetic
/// is slow (see <see cref="Adam"/>).
/// </remarks>
public sealed class Sgd : IStatefulOptimizer, ILearningRate
{
    private const int Velocity = 0, Scratch = 1;

    private readonly OptimizerState _state;
    private float _learningRate;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1); 0 (the default) disables momentum.</param>
    /// <param name="weightDecay">wd &gt;= 0, the L2 penalty added to the gradient; 0 by default.</param>
    /// <param name="nesterov">Use Nesterov momentum; requires <paramref name="momentum"/> &gt; 0, as in PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is true while <paramref name="momentum"/> is 0.</exception>
    public Sgd(float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
    {
        _learningRate = HyperParameter.Positive(learningRate, nameof(learningRate));
        Momentum = HyperParameter.DecayRate(momentum, nameof(momentum));
        WeightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum == 0f)
        {
            throw new ArgumentException("Nesterov momentum requires a momentum greater than 0.", nameof(nesterov));
        }

        Nesterov = nesterov;
        _state = new OptimizerState(momentum != 0f || weightDecay != 0f ? 2 : 0);
    }

    /// <summary>lr, finite and &gt; 0. Settable between steps, for learning-rate schedules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not &gt; 0.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameter.Positive(value, nameof(value));
    }

    /// <summary>μ, the decay of the velocity; 0 when momentum is off.</summary>
    public float Momentum { get; }

    /// <summary>wd, the L2 penalty coefficient added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the update uses Nesterov momentum, g' + μ v, instead of v.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _state.BeginStep(parameters.Length, gradients.Length);

        ReadOnlySpan<float> direction = gradients;
        if (WeightDecay != 0f)
        {
            Span<float> decayed = _state.Buffer(Scratch);
            TensorPrimitives.MultiplyAdd(parameters, WeightDecay, gradients, decayed);
            direction = decayed;
        }

        if (Momentum != 0f)
        {
            Span<float> velocity = _state.Buffer(Velocity);
            if (_state.Steps == 1)
            {
                direction.CopyTo(velocity);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(velocity, Momentum, direction, velocity);
            }

            Subnormals.FlushToZero(velocity);

            if (Nesterov)
            {
                Span<float> lookahead = _state.Buffer(Scratch);
                TensorPrimitives.MultiplyAdd(velocity, Momentum, direction, lookahead);
                direction = lookahead;
            }
            else
            {
                direction = velocity;
            }
        }

        TensorPrimitives.MultiplyAdd(direction, -_learningRate, parameters, parameters);
    }

    /// <summary>Forgets the velocity, so the next step starts as the first (v = g') and may use a buffer of any length.</summary>
    public void Reset() => _state.Reset();

    /// <inheritdoc/>
    public OptimizerSnapshot CaptureState() => _state.Capture(nameof(Sgd), KeptBuffers);

    /// <inheritdoc/>
    public void RestoreState(OptimizerSnapshot snapshot) => _state.Restore(snapshot, nameof(Sgd), KeptBuffers);

    // The velocity is state only with momentum; the scratch row never is.
    private (string, int)[] KeptBuffers => Momentum != 0f ? [("momentum_buffer", Velocity)] : [];
}
