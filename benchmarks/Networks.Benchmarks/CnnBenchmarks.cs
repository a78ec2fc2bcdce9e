using BenchmarkDotNet.Attributes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// The LeNet-style network of samples/Mnist (<c>--model cnn</c>) without its dropout (the TorchSharp model has none):
/// conv 32 3x3 Same ReLU, pool 2, conv 64 3x3 Same ReLU, pool 2, 128 ReLU, 10 logits.
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy)]
[Input(1, 28, 28)]
[Conv2D(32, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Conv2D(64, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation.ReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class LeNet;

/// <summary>
/// The CNN in both libraries from the same initial weights: one training epoch (60,000 MNIST-shaped samples, batch 100,
/// Adam 1e-3) and single-sample inference. Run with <c>--filter '*CnnBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class CnnBenchmarks
{
    private const int Samples = 60_000, Batch = 100;

    private float[] _inputs = null!;
    private int[] _labels = null!;
    private LeNet _network = null!;
    private TorchLeNet _torch = null!;
    private Tensor _torchInputs = null!;
    private Tensor _torchLabels = null!;
    private Adam _adam = null!;
    private optim.Optimizer _torchAdam = null!;
    private float[] _output = null!;

    /// <summary>Threads for both: torch.set_num_threads and the network's Threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        var random = new Random(1);
        _inputs = new float[Samples * LeNet.InputSize];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextDouble();
        }

        _labels = new int[Samples];
        for (int i = 0; i < _labels.Length; i++)
        {
            _labels[i] = random.Next(10);
        }

        _network = new LeNet(seed: 1, maxBatch: Batch) { Threads = Threads };
        _torch = new TorchLeNet(_network.Parameters.ToArray());
        _torchInputs = tensor(_inputs, [Samples, 1, 28, 28]);
        _torchLabels = tensor(Array.ConvertAll(_labels, l => (long)l), [Samples]);
        _adam = new Adam(1e-3f);
        _torchAdam = optim.Adam(_torch.parameters(), lr: 1e-3);
        _output = new float[LeNet.OutputSize];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torchAdam.Dispose();
        _torch.Dispose();
        _torchInputs.Dispose();
        _torchLabels.Dispose();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp CNN epoch")]
    public void TorchSharpEpoch()
    {
        for (int start = 0; start < Samples; start += Batch)
        {
            using DisposeScope scope = NewDisposeScope();
            Tensor x = _torchInputs.narrow(0, start, Batch);
            Tensor y = _torchLabels.narrow(0, start, Batch);
            _torchAdam.zero_grad();
            Tensor loss = nn.functional.cross_entropy(_torch.forward(x), y);
            loss.backward();
            _torchAdam.step();
        }
    }

    [Benchmark(Description = "Compiled CNN epoch")]
    public void CompiledEpoch()
    {
        for (int start = 0; start < Samples; start += Batch)
        {
            _network.TrainStep(_inputs.AsSpan(start * LeNet.InputSize, Batch * LeNet.InputSize), _labels.AsSpan(start, Batch), _adam);
        }
    }

    [Benchmark(Description = "TorchSharp CNN, one sample")]
    public float[] TorchSharpOneSample()
    {
        // Tensor in, float[] out, as InferenceBenchmarks measures the MLP.
        using var _ = no_grad();
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(_inputs.AsSpan(0, LeNet.InputSize).ToArray(), [1, 1, 28, 28]);
        return softmax(_torch.forward(x), 1).data<float>().ToArray();
    }

    [Benchmark(Description = "Compiled CNN, one sample")]
    public float[] CompiledOneSample()
    {
        _network.Forward(_inputs.AsSpan(0, LeNet.InputSize), _output);
        return _output;
    }

    /// <summary>The same network in TorchSharp, its weights copied from ours (kernels as they are, dense weights transposed).</summary>
    private sealed class TorchLeNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1 = nn.Conv2d(1, 32, 3, 1, 1);
        private readonly Conv2d _conv2 = nn.Conv2d(32, 64, 3, 1, 1);
        private readonly Linear _fc1 = nn.Linear(3136, 128);
        private readonly Linear _fc2 = nn.Linear(128, 10);

        public TorchLeNet(float[] parameters)
            : base(nameof(TorchLeNet))
        {
            RegisterComponents();
            int offset = 0;
            using (no_grad())
            {
                foreach ((Conv2d conv, long[] shape) in new[] { (_conv1, new long[] { 32, 1, 3, 3 }), (_conv2, new long[] { 64, 32, 3, 3 }) })
                {
                    int length = (int)(shape[0] * shape[1] * shape[2] * shape[3]);
                    conv.weight!.copy_(tensor(parameters.AsSpan(offset, length).ToArray(), shape));
                    conv.bias!.copy_(tensor(parameters.AsSpan(offset + length, (int)shape[0]).ToArray(), [shape[0]]));
                    offset += length + (int)shape[0];
                }

                foreach ((Linear linear, int inputs, int units) in new[] { (_fc1, 3136, 128), (_fc2, 128, 10) })
                {
                    var weight = new float[units * inputs];
                    for (int i = 0; i < inputs; i++)
                    {
                        for (int j = 0; j < units; j++)
                        {
                            weight[j * inputs + i] = parameters[offset + i * units + j];
                        }
                    }

                    linear.weight!.copy_(tensor(weight, [units, inputs]));
                    linear.bias!.copy_(tensor(parameters.AsSpan(offset + inputs * units, units).ToArray(), [units]));
                    offset += inputs * units + units;
                }
            }
        }

        public override Tensor forward(Tensor x)
        {
            Tensor a = nn.functional.max_pool2d(nn.functional.relu(_conv1.forward(x)), 2);
            a = nn.functional.max_pool2d(nn.functional.relu(_conv2.forward(a)), 2);
            a = nn.functional.relu(_fc1.forward(a.flatten(1)));
            return _fc2.forward(a);
        }
    }
}
