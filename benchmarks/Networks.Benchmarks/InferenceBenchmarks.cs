using BenchmarkDotNet.Attributes;

namespace Compiled.Networks.Benchmarks;

/// <summary>Inference of the seed MLP: one sample (latency), and batches of 100 and 1,000 (throughput).</summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private Workload _workload = null!;
    private float[] _outputs = null!;

    /// <summary>Samples per call.</summary>
    [Params(1, 100, 1000)]
    public int Batch { get; set; }

    /// <summary>Threads for both (a single sample stays on the caller's thread in ours).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(Threads);
        _outputs = new float[Batch * SeedMlp.OutputSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(Baseline = true, Description = "TorchSharp forward")]
    public float[] TorchSharpForward() => _workload.TorchForward(0, Batch);

    [Benchmark(Description = "Compiled forward")]
    public float[] CompiledForward()
    {
        _workload.Network.Forward(_workload.Inputs.AsSpan(0, Batch * SeedMlp.InputSize), _outputs);
        return _outputs;
    }
}
