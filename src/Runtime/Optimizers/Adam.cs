using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Compiled.Kernels;
using Compiled.Threading;

namespace Compiled;

/// <summary>
/// Adam (Kingma and Ba, 2015) with bias correction, as PyTorch's <c>torch.optim.Adam</c> without weight decay, with
/// subnormal moments stored as 0 (see the remarks).
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
/// corrections are computed in double precision. One difference: a moment whose magnitude falls below float's smallest
/// normal value (1.18e-38) is stored as 0 (flush to zero, as TensorFlow's CPU kernels run by default and PyTorch's
/// <c>torch.set_flush_denormal(True)</c> offers). Without it the first moment of a weight whose gradient stays 0 (a
/// dead ReLU unit, a pixel that is 0 throughout a batch) decays by β1 a step into the subnormal range and stays there,
/// and x86 cores take a slow path for every operation on a subnormal: the seed MLP on MNIST carries about 110,000 such
/// moments after three epochs (115,000-121,000 after four to eight), and its update took 300 µs a step instead of 120-160. The change to p is at most
/// lr 1.2e-38 / ε (1.2e-33 with the defaults), below half an ulp of any |p| above about 1e-26. A large buffer is updated in parts on several threads (see
/// <see cref="Threads"/>); each element's update is the same arithmetic whichever thread does it.
/// </remarks>
public sealed class Adam : IStatefulOptimizer, ILearningRate
{
    private const int FirstMoment = 0, SecondMoment = 1;

    /// <summary>
    /// The fewest parameters worth splitting across threads. Measured on the 2-core EPYC inside training (the seed MLP,
    /// 269,322 parameters, TrainStep at batch 100, Stopwatch over 2,000 steps, before subnormal moments were flushed):
    /// one thread 305-360 µs per step, two 160-195 µs, and the step as a whole 5-15% faster, since workers kept busy by the update start the next forward
    /// pass without waking. (The update alone, repeated on the same buffers, showed no gain at that size.)
    /// </summary>
    internal const int ParallelFrom = 1 << 17;

    private readonly OptimizerState _state = new(2);
    private float _learningRate;
    private int _threads = Environment.ProcessorCount;
    private UpdateParts? _parts;

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

    /// <summary>
    /// The most threads one <see cref="Step(Span{float}, ReadOnlySpan{float})"/> may use, at least 1; every logical processor by default. Buffers of at
    /// least 131,072 parameters are split into ranges across the runtime's shared worker pool. Results do not depend
    /// on it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
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
        double t = _state.Steps;
        double biasCorrection1 = 1.0 - Math.Pow(Beta1, t);
        double biasCorrection2 = 1.0 - Math.Pow(Beta2, t);
        var constants = new UpdateConstants(
            Beta1,
            Beta2,
            (float)(1.0 / Math.Sqrt(biasCorrection2)),
            Epsilon,
            (float)(-_learningRate / biasCorrection1),
            (float)(1.0 - (double)_learningRate * decoupledWeightDecay));
        int parts = parameters.Length >= ParallelFrom ? Math.Min(_threads, WorkerPool.Shared.Threads) : 1;
        if (parts == 1)
        {
            Update(parameters, gradients, _state.Buffer(FirstMoment), _state.Buffer(SecondMoment), constants);
        }
        else
        {
            (_parts ??= new UpdateParts()).Run(parameters, gradients, _state.Buffer(FirstMoment), _state.Buffer(SecondMoment), constants, parts);
        }
    }

    /// <summary>The scalars of one step's update, the same for every element.</summary>
    /// <param name="Beta1">β1.</param>
    /// <param name="Beta2">β2.</param>
    /// <param name="InverseSqrtBiasCorrection2">1 / sqrt(1 - β2^t).</param>
    /// <param name="Epsilon">ε.</param>
    /// <param name="StepSize">-lr / (1 - β1^t).</param>
    /// <param name="Decay">AdamW's 1 - lr wd (1 for Adam).</param>
    private readonly record struct UpdateConstants(
        float Beta1, float Beta2, float InverseSqrtBiasCorrection2, float Epsilon, float StepSize, float Decay);

    /// <summary>
    /// One pass over the four buffers, element by element:
    /// <code>
    /// p = decay p                                     (AdamW's decoupled decay; decay = 1 for Adam, which leaves p exact)
    /// m = m + (1 - β1) (g - m)                        (PyTorch's m.lerp_(g, 1 - β1))
    /// v = β2 v + (1 - β2) g²
    /// m, v = 0 where |m|, v &lt; 2^-126                (flush to zero: no subnormal moments, see the remarks on Adam)
    /// p = p + step m / (sqrt(v) / sqrt(1 - β2^t) + ε),  step = -lr / (1 - β1^t)
    /// </code>
    /// Fused because the update is memory-bound: separate element-wise passes would stream the
    /// parameter-sized buffers through the cache once per operation instead of once per step.
    /// </summary>
    private static void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v, in UpdateConstants c)
    {
        float beta1 = c.Beta1, beta2 = c.Beta2, inverseSqrtBiasCorrection2 = c.InverseSqrtBiasCorrection2,
            epsilon = c.Epsilon, step = c.StepSize, decay = c.Decay;
        float keep1 = 1f - beta1, keep2 = 1f - beta2;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int n = parameters.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> k1 = new(keep1), b2 = new(beta2), k2 = new(keep2), c2 = new(inverseSqrtBiasCorrection2),
                eps = new(epsilon), s = new(step), d = new(decay);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> gi = Vector.LoadUnsafe(ref g, (nuint)i);
                Vector<float> mi = Vector.LoadUnsafe(ref mr, (nuint)i);
                Vector<float> vi = Vector.LoadUnsafe(ref vr, (nuint)i);
                mi = VectorOps.MultiplyAdd(gi - mi, k1, mi);
                vi = VectorOps.MultiplyAdd(gi * gi, k2, vi * b2);
                mi = Subnormals.FlushToZero(mi);
                vi = Subnormals.FlushToZero(vi);
                Vector<float> denominator = VectorOps.MultiplyAdd(Vector.SquareRoot(vi), c2, eps);
                VectorOps.MultiplyAdd(mi / denominator, s, Vector.LoadUnsafe(ref p, (nuint)i) * d).StoreUnsafe(ref p, (nuint)i);
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = Unsafe.Add(ref mr, i) + (gi - Unsafe.Add(ref mr, i)) * keep1;
            float vi = Unsafe.Add(ref vr, i) * beta2 + gi * gi * keep2;
            mi = Subnormals.FlushToZero(mi);
            vi = Subnormals.FlushToZero(vi);
            Unsafe.Add(ref mr, i) = mi;
            Unsafe.Add(ref vr, i) = vi;
            Unsafe.Add(ref p, i) = Unsafe.Add(ref p, i) * decay + step * (mi / (MathF.Sqrt(vi) * inverseSqrtBiasCorrection2 + epsilon));
        }
    }

    /// <summary>
    /// The update split into ranges of whole cache lines, one per thread of the shared <see cref="WorkerPool"/>. The
    /// buffers are pinned for the duration of <see cref="Run"/>, which returns only when every range is done, so the
    /// parts read them through pointers; one instance per optimizer, reused by every step.
    /// </summary>
    private sealed unsafe class UpdateParts : IParallelWork
    {
        private float* _parameters, _gradients, _m, _v;
        private int _length, _parts;
        private UpdateConstants _constants;

        public void Run(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v, in UpdateConstants constants, int parts)
        {
            fixed (float* p = parameters, g = gradients, mp = m, vp = v)
            {
                _parameters = p;
                _gradients = g;
                _m = mp;
                _v = vp;
                (_length, _parts, _constants) = (parameters.Length, parts, constants);
                try
                {
                    WorkerPool.Shared.Run(this, parts);
                }
                finally
                {
                    _parameters = _gradients = _m = _v = null;
                }
            }
        }

        public void Execute(int part, ReadOnlySpan<float> input)
        {
            // Ranges start on 16-float (64-byte) boundaries, so no two threads write the same cache line.
            int lines = (_length + 15) / 16;
            int start = Math.Min(part * lines / _parts * 16, _length);
            int end = Math.Min((part + 1) * lines / _parts * 16, _length);
            int count = end - start;
            Update(
                new Span<float>(_parameters + start, count),
                new ReadOnlySpan<float>(_gradients + start, count),
                new Span<float>(_m + start, count),
                new Span<float>(_v + start, count),
                _constants);
        }
    }
}
