using BenchmarkDotNet.Attributes;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// One sample of the seed MLP whose pixels are zero as often as MNIST's (81% of a digit's 784 pixels are 0):
/// the single-sample kernels read only the weights of nonzero inputs; TorchSharp multiplies every one.
/// </summary>
[MemoryDiagnoser]
public class SparseInputInferenceBenchmarks
{
    /// <summary>The fraction of zero pixels in MNIST's test images (measured on t10k-images: 0.807).</summary>
    public const double MnistZeroPixels = 0.81;

    private Workload _workload = null!;
    private readonly float[] _outputs = new float[SeedMlp.OutputSize];
    private int _sample;

    [GlobalSetup]
    public void Setup() => _workload = new Workload(threads: 1, MnistZeroPixels);

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    // A different sample each call (the next of 60,000), so that no input's pattern of zeros is learned by the branch
    // predictor or left in the caches.
    private int NextSample() => _sample = (_sample + 1) % Workload.Samples;

    [Benchmark(Baseline = true, Description = "TorchSharp forward, 1 sample, 81% zero pixels")]
    public float[] TorchSharpForward() => _workload.TorchForward(NextSample(), 1);

    [Benchmark(Description = "Compiled forward, 1 sample, 81% zero pixels")]
    public float[] CompiledForward()
    {
        _workload.Network.Forward(_workload.Inputs.AsSpan(NextSample() * SeedMlp.InputSize, SeedMlp.InputSize), _outputs);
        return _outputs;
    }
}
