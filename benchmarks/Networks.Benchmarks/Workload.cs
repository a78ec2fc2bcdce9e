using Compiled.Reference.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// MNIST-shaped data (pixels in [0, 1], ten classes) and the seed network in both libraries from the
/// same initial weights. Synthetic data: the batched kernels' speed does not depend on the pixel values. The
/// single-sample kernels skip the weights of zero inputs; uniform pixels have none, so by default a single sample
/// is timed at its dense worst case (zeroPixels gives zeros).
/// </summary>
internal sealed class Workload : IDisposable
{
    public const int Samples = 60_000, Batch = 100;

    /// <summary>Draws the data and builds both networks.</summary>
    /// <param name="threads">Threads for both libraries.</param>
    /// <param name="zeroPixels">The probability that a pixel is 0 (MNIST's digits: 0.81 of their pixels).</param>
    public Workload(int threads, double zeroPixels = 0)
    {
        torch.set_num_threads(threads);
        var random = new Random(1);
        var background = new Random(2); // its own stream: the dense pixels and the labels stay those of zeroPixels = 0
        Inputs = new float[Samples * SeedMlp.InputSize];
        for (int i = 0; i < Inputs.Length; i++)
        {
            Inputs[i] = (float)random.NextDouble();
            if (zeroPixels > 0 && background.NextDouble() < zeroPixels)
            {
                Inputs[i] = 0f;
            }
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

    /// <summary>
    /// TorchSharp's inference on <paramref name="count"/> samples from <paramref name="first"/>: float[] in, a tensor
    /// built, softmax probabilities copied out to a float[], as an application holding float arrays does.
    /// </summary>
    public float[] TorchForward(int first, int count)
    {
        using var _ = no_grad();
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(Inputs.AsSpan(first * SeedMlp.InputSize, count * SeedMlp.InputSize).ToArray(), [count, SeedMlp.InputSize]);
        return softmax(Torch.Logits(x), 1).data<float>().ToArray();
    }

    public void Dispose()
    {
        Torch.Dispose();
        TorchInputs.Dispose();
        TorchLabels.Dispose();
    }
}
