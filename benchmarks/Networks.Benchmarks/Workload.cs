using Compiled.Data;
using Compiled.Reference.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// 60,000 samples of 784 pixels in [0, 1] with labels 0 to 9 (MNIST's training set, or synthetic data of its shape)
/// and the seed network in both libraries from the same initial weights.
/// </summary>
/// <remarks>
/// Training is timed on MNIST itself: what an epoch costs depends on the data, not only on its shape. On uniform
/// noise with random labels the seed MLP's ReLU units die within the first epoch, nearly every gradient is then 0,
/// and Adam's moments decay toward subnormal numbers, which x86 cores handle on a slow path; a real data set has live
/// units and its own pattern of zero gradients (pixels that are 0 throughout a batch). Inference is timed on synthetic
/// pixels: the batched kernels' speed does not depend on the values, and the single-sample kernels skip the weights
/// of zero inputs, so uniform pixels (none 0) time a single sample at its dense worst case.
/// </remarks>
internal sealed class Workload : IDisposable
{
    public const int Samples = 60_000, Batch = 100;

    /// <summary>Draws synthetic data and builds both networks.</summary>
    /// <param name="threads">Threads for both libraries.</param>
    /// <param name="zeroPixels">The probability that a pixel is 0 (MNIST's digits: 0.81 of their pixels).</param>
    public Workload(int threads, double zeroPixels = 0)
        : this(threads, Synthetic(zeroPixels))
    {
    }

    private Workload(int threads, (float[] Inputs, int[] Labels) data)
    {
        torch.set_num_threads(threads);
        (Inputs, Labels) = data;
        Network = new SeedMlp(seed: 1, maxBatch: 1000) { Threads = threads };
        Torch = new TorchModel(Network, Loss.SoftmaxCrossEntropy, new(256, Activation.ReLU), new(256, Activation.ReLU), new(10, Activation.Identity));
        TorchInputs = tensor(Inputs, [Samples, SeedMlp.InputSize]);
        TorchLabels = tensor(Array.ConvertAll(Labels, l => (long)l), [Samples]);
        CollectSetUpGarbage();
    }

    /// <summary>
    /// Collects a set-up's garbage and runs its finalizers (TorchSharp's temporary tensors among it) now, so that none
    /// runs inside a measured call: BenchmarkDotNet counts the bytes allocated on every thread.
    /// </summary>
    public static void CollectSetUpGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>
    /// MNIST's 60,000 training images (pixels scaled to [0, 1]) and labels, in the files' order, loaded as the sample
    /// app loads them (the cache, else a download or the npm package, which the first run of the sample fills).
    /// </summary>
    /// <param name="threads">Threads for both libraries.</param>
    public static Workload Mnist(int threads)
    {
        LabeledImages train = Data.Mnist.Load(log: Console.Out).Train;
        var inputs = new float[Samples * SeedMlp.InputSize];
        var labels = new int[Samples];
        for (int i = 0; i < Samples; i++)
        {
            train.Images.CopyScaled(i, inputs.AsSpan(i * SeedMlp.InputSize, SeedMlp.InputSize));
            labels[i] = train.Labels[i];
        }

        return new Workload(threads, (inputs, labels));
    }

    private static (float[] Inputs, int[] Labels) Synthetic(double zeroPixels)
    {
        var random = new Random(1);
        var background = new Random(2); // its own stream: the dense pixels and the labels stay those of zeroPixels = 0
        var inputs = new float[Samples * SeedMlp.InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextDouble();
            if (zeroPixels > 0 && background.NextDouble() < zeroPixels)
            {
                inputs[i] = 0f;
            }
        }

        var labels = new int[Samples];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = random.Next(10);
        }

        return (inputs, labels);
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
