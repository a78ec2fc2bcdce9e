using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled;

/// <summary>
/// Adam (Kingma and Ba, 2015) with bias correction, exactly as PyTorch's <c>torch.optim.Adam</c> without weight decay.
/// </summary>
/// <remarks>
/// Per element, at step t = 1, 2, ...:
/// <code>
/// m = β1 m + (1 - β1) g
/// v = β2 v + (1 - β2) g²
/// m̂ = m / (1 - β1^t),   v̂ = v / (1 - β2^t)
/// p = p - lr m̂ / (sqrt(v̂) + ε)
/// </code>
/// As in PyTorch, ε is added to sqrt(v̂), not to v̂ (computed as sqrt(v) / sqrt(1 - β2^t) + ε), and the bias
/// corrections are computed in double precision.
/// </remarks>
public sealed class Adam : IStatefulOptimizer, ILearningRate
{
    private const int FirstMoment = 0, SecondMoment = 1;

    private readonly OptimizerState _state = new(2);
    private float _learningRate;

    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="beta1">β1 in [0, 1), the decay of the first moment m.</param>
    /// <param name="beta2">β2 in [0, 1), the decay of the second moment v.</param>
    /// <param name="epsilon">ε &gt;= 0, added to the denominator for numerical stability.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of its range.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        _learningRate = HyperParameter.Positive(learningRate, nameof(learningRate));
        Beta1 = HyperParameter.DecayRate(beta1, nameof(beta1));
        Beta2 = HyperParameter.DecayRate(beta2, nameof(beta2));
        Epsilon = HyperParameter.NonNegative(epsilon, nameof(epsilon));
    }

    /// <summary>lr, finite and &gt; 0. Settable between steps, for learning-rate schedules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not &gt; 0.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameter.Positive(value, nameof(value));
    }

    /// <summary>β1, the decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to sqrt(v̂).</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients) => Step(parameters, gradients, decoupledWeightDecay: 0f);

    /// <summary>Forgets the moments and the step count, so the next step is t = 1 and may use a buffer of any length.</summary>
    public void Reset() => _state.Reset();

    /// <inheritdoc/>
    public OptimizerSnapshot CaptureState() => CaptureState(nameof(Adam));

    /// <inheritdoc/>
    public void RestoreState(OptimizerSnapshot snapshot) => RestoreState(snapshot, nameof(Adam));

    internal OptimizerSnapshot CaptureState(string kind) =>
        _state.Capture(kind, ("exp_avg", FirstMoment), ("exp_avg_sq", SecondMoment));

    internal void RestoreState(OptimizerSnapshot snapshot, string kind) =>
        _state.Restore(snapshot, kind, ("exp_avg", FirstMoment), ("exp_avg_sq", SecondMoment));

    /// <summary>
    /// The Adam step, preceded when <paramref name="decoupledWeightDecay"/> (wd) is not 0 by AdamW's
    /// p = p - lr wd p (Loshchilov and Hutter, 2019), once the spans are validated.
    /// </summary>
    internal void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float decoupledWeightDecay)
    {
        _state.BeginStep(parameters.Length, gradients.Length);
        if (decoupledWeightDecay != 0f)
        {
            TensorPrimitives.Multiply(parameters, (float)(1.0 - (double)_learningRate * decoupledWeightDecay), parameters);
        }

        double t = _state.Steps;
        double biasCorrection1 = 1.0 - Math.Pow(Beta1, t);
        double biasCorrection2 = 1.0 - Math.Pow(Beta2, t);
        Update(
            parameters,
            gradients,
            _state.Buffer(FirstMoment),
            _state.Buffer(SecondMoment),
            Beta1,
            Beta2,
            (float)(1.0 / Math.Sqrt(biasCorrection2)),
            Epsilon,
            (float)(-_learningRate / biasCorrection1));
    }

    // a * b + c, fused where the framework offers it (.NET 9's estimate: a single FMA instruction where the CPU has one).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
#if NET9_0_OR_GREATER
        Vector.MultiplyAddEstimate(a, b, c);
#else
        a * b + c;
#endif

    /// <summary>
    /// One pass over the four buffers, element by element:
    /// <code>
    /// m = m + (1 - β1) (g - m)                        (PyTorch's m.lerp_(g, 1 - β1))
    /// v = β2 v + (1 - β2) g²
    /// p = p + step m / (sqrt(v) / sqrt(1 - β2^t) + ε),  step = -lr / (1 - β1^t)
    /// </code>
    /// Fused because the update is memory-bound: separate element-wise passes would stream the
    /// parameter-sized buffers through the cache once per operation instead of once per step.
    /// </summary>
    private static void Update(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> m,
        Span<float> v,
        float beta1,
        float beta2,
        float inverseSqrtBiasCorrection2,
        float epsilon,
        float step)
    {
        float keep1 = 1f - beta1, keep2 = 1f - beta2;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int n = parameters.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> k1 = new(keep1), b2 = new(beta2), k2 = new(keep2), c2 = new(inverseSqrtBiasCorrection2),
                eps = new(epsilon), s = new(step);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> gi = Vector.LoadUnsafe(ref g, (nuint)i);
                Vector<float> mi = Vector.LoadUnsafe(ref mr, (nuint)i);
                Vector<float> vi = Vector.LoadUnsafe(ref vr, (nuint)i);
                mi = MultiplyAdd(gi - mi, k1, mi);
                vi = MultiplyAdd(gi * gi, k2, vi * b2);
                Vector<float> denominator = MultiplyAdd(Vector.SquareRoot(vi), c2, eps);
                MultiplyAdd(mi / denominator, s, Vector.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref p, (nuint)i);
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = Unsafe.Add(ref mr, i) + (gi - Unsafe.Add(ref mr, i)) * keep1;
            float vi = Unsafe.Add(ref vr, i) * beta2 + gi * gi * keep2;
            Unsafe.Add(ref mr, i) = mi;
            Unsafe.Add(ref vr, i) = vi;
            Unsafe.Add(ref p, i) += step * (mi / (MathF.Sqrt(vi) * inverseSqrtBiasCorrection2 + epsilon));
        }
    }
}
