using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// The 784x256 forward kernel at batch 100 against the core's fused multiply-add peak, measured here
/// with 12 independent accumulators (enough to cover the FMA latency on current x64 cores); both on one thread.
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

    /// <summary>12 accumulators x vector width x 2 operations per FMA x iterations.</summary>
    public static readonly double PeakFlops = 12.0 * Vector256<float>.Count * 2 * PeakIterations;

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

    [Benchmark(Description = "FMA peak, Vector256, 1 core")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public float FmaPeak()
    {
        Vector256<float> a = Vector256.Create(0.999f), b = Vector256.Create(0.001f);
        Vector256<float> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
        for (int i = 0; i < PeakIterations; i++)
        {
            s0 = Vector256.FusedMultiplyAdd(s0, a, b);
            s1 = Vector256.FusedMultiplyAdd(s1, a, b);
            s2 = Vector256.FusedMultiplyAdd(s2, a, b);
            s3 = Vector256.FusedMultiplyAdd(s3, a, b);
            s4 = Vector256.FusedMultiplyAdd(s4, a, b);
            s5 = Vector256.FusedMultiplyAdd(s5, a, b);
            s6 = Vector256.FusedMultiplyAdd(s6, a, b);
            s7 = Vector256.FusedMultiplyAdd(s7, a, b);
            s8 = Vector256.FusedMultiplyAdd(s8, a, b);
            s9 = Vector256.FusedMultiplyAdd(s9, a, b);
            s10 = Vector256.FusedMultiplyAdd(s10, a, b);
            s11 = Vector256.FusedMultiplyAdd(s11, a, b);
        }

        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }
}
