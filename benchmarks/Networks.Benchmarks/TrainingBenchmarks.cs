using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace Compiled.Networks.Benchmarks;

/// <summary>One training epoch of the seed MLP on MNIST's 60,000 training images in batches of 100, Adam 1e-3.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class TrainingBenchmarks
{
    private Workload _workload = null!;
    private Adam _adam = null!;
    private optim.Optimizer _torchAdam = null!;

    /// <summary>Threads for both: torch.set_num_threads and the network's Threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workload.Mnist(Threads);
        _adam = new Adam(1e-3f) { Threads = Threads };
        _torchAdam = optim.Adam(_workload.Torch.Parameters, lr: 1e-3);
        Workload.CollectSetUpGarbage();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torchAdam.Dispose();
        _workload.Dispose();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp epoch")]
    public void TorchSharpEpoch()
    {
        for (int start = 0; start < Workload.Samples; start += Workload.Batch)
        {
            using DisposeScope scope = NewDisposeScope();
            Tensor x = _workload.TorchInputs.narrow(0, start, Workload.Batch);
            Tensor y = _workload.TorchLabels.narrow(0, start, Workload.Batch);
            _torchAdam.zero_grad();
            Tensor loss = nn.functional.cross_entropy(_workload.Torch.Logits(x), y);
            loss.backward();
            _torchAdam.step();
        }
    }

    [Benchmark(Description = "Compiled epoch")]
    public void CompiledEpoch()
    {
        SeedMlp network = _workload.Network;
        for (int start = 0; start < Workload.Samples; start += Workload.Batch)
        {
            network.TrainStep(
                _workload.Inputs.AsSpan(start * SeedMlp.InputSize, Workload.Batch * SeedMlp.InputSize),
                _workload.Labels.AsSpan(start, Workload.Batch),
                _adam);
        }
    }
}
