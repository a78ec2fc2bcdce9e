using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Compiled.Kernels;

namespace Compiled;

/// <summary>
/// RMSprop (Hinton, 2012), as PyTorch's <c>torch.optim.RMSprop</c> (non-centered, no weight decay), with subnormal
/// state stored as 0 (see the remarks).
/// </summary>
/// <remarks>
/// Per element, with s and b starting at 0:
/// <code>
/// s = α s + (1 - α) g²
/// if μ != 0:  b = μ b + g / (sqrt(s) + ε);   p = p - lr b
/// else:       p = p - lr g / (sqrt(s) + ε)
/// </code>
/// There is no bias correction: early steps are large because s starts at 0, as in PyTorch. One difference: s and b
/// are stored as 0 where they fall below float's smallest normal value (1.18e-38), so that a weight whose gradient
/// stays 0 does not leave them decaying into subnormal numbers, on which x86 arithmetic is slow (see <see cref="Adam"/>).
/// </remarks>
public sealed class RmsProp : IStatefulOptimizer, ILearningRate
{
    private const int SquareAverage = 0, MomentumBuffer = 1;

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
        _state = new OptimizerState(momentum != 0f ? 2 : 1);
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
        Span<float> momentumBuffer = Momentum != 0f ? _state.Buffer(MomentumBuffer) : default;
        Update(parameters, gradients, _state.Buffer(SquareAverage), momentumBuffer, Alpha, Epsilon, Momentum, _learningRate);
    }

    /// <summary>
    /// One pass over the buffers, element by element (<paramref name="b"/> empty when momentum is off):
    /// <code>
    /// s = α s + (1 - α) g²;         s = 0 where s &lt; 2^-126
    /// d = g / (sqrt(s) + ε)
    /// with momentum:  b = μ b + d;  b = 0 where |b| &lt; 2^-126;  p = p - lr b
    /// without:        p = p - lr d
    /// </code>
    /// Fused, as <see cref="Adam"/>'s update is, because it is memory-bound: a pass per operation would stream the
    /// parameter-sized buffers through the cache seven times a step instead of once.
    /// </summary>
    private static void Update(
        Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> s, Span<float> b, float alpha, float epsilon, float momentum, float learningRate)
    {
        bool withMomentum = !b.IsEmpty;
        float keep = 1f - alpha, step = -learningRate;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float br = ref MemoryMarshal.GetReference(b);
        int n = parameters.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> a = new(alpha), k = new(keep), eps = new(epsilon), mu = new(momentum), lr = new(step);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> gi = Vector.LoadUnsafe(ref g, (nuint)i);
                Vector<float> si = Subnormals.FlushToZero(VectorOps.MultiplyAdd(gi * gi, k, Vector.LoadUnsafe(ref sr, (nuint)i) * a));
                si.StoreUnsafe(ref sr, (nuint)i);
                Vector<float> direction = gi / (Vector.SquareRoot(si) + eps);
                if (withMomentum)
                {
                    direction = Subnormals.FlushToZero(VectorOps.MultiplyAdd(Vector.LoadUnsafe(ref br, (nuint)i), mu, direction));
                    direction.StoreUnsafe(ref br, (nuint)i);
                }

                VectorOps.MultiplyAdd(direction, lr, Vector.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref p, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float si = Subnormals.FlushToZero(Unsafe.Add(ref sr, i) * alpha + gi * gi * keep);
            Unsafe.Add(ref sr, i) = si;
            float direction = gi / (MathF.Sqrt(si) + epsilon);
            if (withMomentum)
            {
                direction = Subnormals.FlushToZero(Unsafe.Add(ref br, i) * momentum + direction);
                Unsafe.Add(ref br, i) = direction;
            }

            Unsafe.Add(ref p, i) += step * direction;
        }
    }

    /// <summary>Forgets the running averages, so the next step starts from s = b = 0 and may use a buffer of any length.</summary>
    public void Reset() => _state.Reset();

    /// <inheritdoc/>
    public OptimizerSnapshot CaptureState() => _state.Capture(nameof(RmsProp), KeptBuffers);

    /// <inheritdoc/>
    public void RestoreState(OptimizerSnapshot snapshot) => _state.Restore(snapshot, nameof(RmsProp), KeptBuffers);

    // The running average of g² always; the momentum buffer only with momentum.
    private (string, int)[] KeptBuffers => Momentum != 0f
        ? [("square_avg", SquareAverage), ("momentum_buffer", MomentumBuffer)]
        : [("square_avg", SquareAverage)];
}
