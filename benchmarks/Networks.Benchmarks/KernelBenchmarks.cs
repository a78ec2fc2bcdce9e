using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Compiled.Kernels;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// The 784x256 forward kernel at batch 100 against the core's fused multiply-add peak, measured here
/// with 12 independent accumulators (enough to cover the FMA latency on current x64 cores); both on one thread.
/// The peak uses the kernels' own vectors (Vector512 where the generated code runs on it, else Vector&lt;float&gt;),
/// so that on an AVX-512 machine the kernel is compared with the 512-bit peak.
/// GFLOP/s = operations / time; the kernel does 2 x 784 x 256 x 100 operations a call.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[Config(typeof(GflopsColumn.Config))]
public class KernelBenchmarks
{
    private const int Batch = 100;
    private const int PeakIterations = 1_000_000;
    private readonly FirstLayer _layer = new(seed: 1, maxBatch: Batch);
    private readonly float[] _inputs = new float[Batch * FirstLayer.InputSize];
    private readonly float[] _outputs = new float[Batch * FirstLayer.OutputSize];

    /// <summary>Floating-point operations of one call of each benchmark, to turn its time into GFLOP/s.</summary>
    public static readonly double KernelFlops = 2.0 * FirstLayer.InputSize * FirstLayer.OutputSize * Batch;

    /// <summary>Floats in the vectors of the kernels and of the peak.</summary>
    public static readonly int Lanes = VectorWidth.Use512 ? Vector512<float>.Count : Vector<float>.Count;

    /// <summary>12 accumulators x vector width x 2 operations per FMA x iterations.</summary>
    public static readonly double PeakFlops = 12.0 * Lanes * 2 * PeakIterations;

    private readonly float[] _lanes = new float[Vector512<float>.Count];

    /// <summary>
    /// The operations of one call of the benchmark method named <paramref name="method"/>, or null for a method of another
    /// class (a run with <c>--join</c> shows every class in one table).
    /// </summary>
    public static double? FlopsOf(string method) => method switch
    {
        nameof(Dense784x256) => KernelFlops,
        nameof(FmaPeak) => PeakFlops,
        _ => null,
    };

    [GlobalSetup]
    public void Setup()
    {
        _layer.Threads = 1; // one core's kernel against one core's peak
        var random = new Random(1);
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextDouble();
        }
    }

    [Benchmark(Description = "784x256 forward, batch 100")]
    public float[] Dense784x256()
    {
        _layer.Forward(_inputs, _outputs);
        return _outputs;
    }

    [Benchmark(Description = "FMA peak at the kernels' vector width, 1 core")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public float FmaPeak() =>
        VectorWidth.Use512 ? Peak<Vector512Ops, Vector512<float>>(_lanes) : Peak<VectorOps, Vector<float>>(_lanes);

    // 12 independent chains of s = s * a + b, through the same multiply-add as the generated kernels.
    private static float Peak<TOps, TVector>(float[] lanes)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        TVector a = TOps.Create(0.999f), b = TOps.Create(0.001f);
        TVector s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
        for (int i = 0; i < PeakIterations; i++)
        {
            s0 = TOps.MultiplyAdd(s0, a, b);
            s1 = TOps.MultiplyAdd(s1, a, b);
            s2 = TOps.MultiplyAdd(s2, a, b);
            s3 = TOps.MultiplyAdd(s3, a, b);
            s4 = TOps.MultiplyAdd(s4, a, b);
            s5 = TOps.MultiplyAdd(s5, a, b);
            s6 = TOps.MultiplyAdd(s6, a, b);
            s7 = TOps.MultiplyAdd(s7, a, b);
            s8 = TOps.MultiplyAdd(s8, a, b);
            s9 = TOps.MultiplyAdd(s9, a, b);
            s10 = TOps.MultiplyAdd(s10, a, b);
            s11 = TOps.MultiplyAdd(s11, a, b);
        }

        TVector sum = TOps.Add(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)), TOps.Add(TOps.Add(s4, s5), TOps.Add(s6, s7)));
        TOps.Store(TOps.Add(sum, TOps.Add(TOps.Add(s8, s9), TOps.Add(s10, s11))), ref lanes[0], 0);
        return lanes[0];
    }
}
