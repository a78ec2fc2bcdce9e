using BenchmarkDotNet.Attributes;
using Compiled.Reference.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace Compiled.Networks.Benchmarks;

/// <summary>One training epoch of the deeper seed net 784-512x4-10 on MNIST's 60,000 training images in batches of 100, Adam 1e-3.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class DeepTrainingBenchmarks
{
    private Workload _data = null!;
    private DeepMlp _network = null!;
    private TorchModel _torch = null!;
    private Adam _adam = null!;
    private optim.Optimizer _torchAdam = null!;

    /// <summary>Threads for both: torch.set_num_threads and the network's Threads.</summary>
    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Workload.Mnist(Threads); // the same data as the seed MLP's epoch
        _network = new DeepMlp(seed: 1, maxBatch: Workload.Batch) { Threads = Threads };
        var relu = new TorchLayer(512, Activation.ReLU);
        _torch = new TorchModel(_network, Loss.SoftmaxCrossEntropy, relu, relu, relu, relu, new(10, Activation.Identity));
        _adam = new Adam(1e-3f) { Threads = Threads };
        _torchAdam = optim.Adam(_torch.Parameters, lr: 1e-3);
        Workload.CollectSetUpGarbage();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torchAdam.Dispose();
        _torch.Dispose();
        _data.Dispose();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp deep epoch")]
    public void TorchSharpEpoch()
    {
        for (int start = 0; start < Workload.Samples; start += Workload.Batch)
        {
            using DisposeScope scope = NewDisposeScope();
            Tensor x = _data.TorchInputs.narrow(0, start, Workload.Batch);
            Tensor y = _data.TorchLabels.narrow(0, start, Workload.Batch);
            _torchAdam.zero_grad();
            Tensor loss = nn.functional.cross_entropy(_torch.Logits(x), y);
            loss.backward();
            _torchAdam.step();
        }
    }

    [Benchmark(Description = "Compiled deep epoch")]
    public void CompiledEpoch()
    {
        for (int start = 0; start < Workload.Samples; start += Workload.Batch)
        {
            _network.TrainStep(
                _data.Inputs.AsSpan(start * DeepMlp.InputSize, Workload.Batch * DeepMlp.InputSize),
                _data.Labels.AsSpan(start, Workload.Batch),
                _adam);
        }
    }
}
