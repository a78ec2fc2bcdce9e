using Compiled.Reference.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// MNIST-shaped data (pixels in [0, 1], ten classes) and the seed network in both libraries from the
/// same initial weights. Synthetic data: speed does not depend on the pixel values.
/// </summary>
internal sealed class Workload : IDisposable
{
    public const int Samples = 60_000, Batch = 100;

    public Workload(int threads)
    {
        torch.set_num_threads(threads);
        var random = new Random(1);
        Inputs = new float[Samples * SeedMlp.InputSize];
        for (int i = 0; i < Inputs.Length; i++)
        {
            Inputs[i] = (float)random.NextDouble();
        }

        Labels = new int[Samples];
        for (int i = 0; i < Labels.Length; i++)
        {
            Labels[i] = random.Next(10);
        }

        Network = new SeedMlp(seed: 1, maxBatch: 1000) { Threads = threads };
        Torch = new TorchModel(Network, Loss.SoftmaxCrossEntropy, new(256, Activation.ReLU), new(256, Activation.ReLU), new(10, Activation.Identity));
        TorchInputs = tensor(Inputs, [Samples, SeedMlp.InputSize]);
        TorchLabels = tensor(Array.ConvertAll(Labels, l => (long)l), [Samples]);
    }

    public float[] Inputs { get; }

    public int[] Labels { get; }

    public SeedMlp Network { get; }

    public TorchModel Torch { get; }

    public Tensor TorchInputs { get; }

    public Tensor TorchLabels { get; }

    public void Dispose()
    {
        Torch.Dispose();
        TorchInputs.Dispose();
        TorchLabels.Dispose();
    }
}
