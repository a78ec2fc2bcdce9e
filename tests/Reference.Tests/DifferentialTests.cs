using static TorchSharp.torch;

namespace Compiled.Reference.Tests;

/// <summary>
/// The same weights and inputs give the same outputs, losses and gradients as TorchSharp (libtorch), and
/// 50 Adam steps from the same start end at the same parameters. Tolerances: float32 arithmetic in a
/// different order (libtorch's BLAS against our kernels) differs by a few units in the last place of
/// each sum; 1e-5 absolute plus 1e-4 relative covers that for these sizes and catches any real error.
/// </summary>
public class DifferentialTests
{
    private const int Batch = 6;

    static DifferentialTests() => set_num_threads(1);

    public static TheoryData<string> Networks => new(Cases.Keys);

    private static readonly Dictionary<string, (Func<INetwork> Create, Loss Loss, TorchLayer[] Layers)> Cases = new()
    {
        ["Tanh, LeakyReLU, ELU, Identity + mean squared error"] = (() => new RegressionNet(seed: 1), Loss.MeanSquaredError,
            [new(9, Activation.Tanh), new(7, Activation.LeakyReLU, 0.1), new(5, Activation.ELU, 0.7), new(4, Activation.Identity)]),
        ["ReLU, Sigmoid, Sigmoid + binary cross-entropy"] = (() => new MultiLabelNet(seed: 2), Loss.BinaryCrossEntropy,
            [new(8, Activation.ReLU), new(6, Activation.Sigmoid), new(3, Activation.Sigmoid)]),
        ["ReLU, logits + softmax cross-entropy"] = (() => new ClassifierNet(seed: 3), Loss.SoftmaxCrossEntropy,
            [new(10, Activation.ReLU), new(5, Activation.Identity)]),
        ["Tanh, Softmax + mean squared error"] = (() => new SoftmaxMseNet(seed: 4), Loss.MeanSquaredError,
            [new(6, Activation.Tanh), new(4, Activation.Softmax)]),
        ["no bias on layers 1 and 3: Tanh, ReLU, Sigmoid + mean squared error"] = (() => new NoBiasNet(seed: 5), Loss.MeanSquaredError,
            [new(7, Activation.Tanh, UseBias: false), new(5, Activation.ReLU), new(3, Activation.Sigmoid, UseBias: false)]),
        ["PReLU (nn.PReLU(units)) on hidden layers and the output + mean squared error"] = (() => new PReluNet(seed: 6), Loss.MeanSquaredError,
            [new(11, Activation.PReLU), new(6, Activation.PReLU, UseBias: false), new(3, Activation.PReLU)]),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Outputs_agree_with_TorchSharp(string name)
    {
        (INetwork network, TorchModel torch, float[] x, _, _) = Setup(name, seed: 10);
        using (torch)
        {
            var ours = new float[Batch * network.OutputSize];
            network.Forward(x, ours);

            AssertClose(torch.Forward(x, Batch), ours, "output");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Loss_and_every_gradient_agree_with_TorchSharp(string name)
    {
        (INetwork network, TorchModel torch, float[] x, float[] targets, long[]? labels) = Setup(name, seed: 20);
        using (torch)
        {
            float ours = labels is null ? network.ComputeGradients(x, targets) : network.ComputeGradients(x, Array.ConvertAll(labels, l => (int)l));
            float theirs = torch.Backward(x, targets, labels, Batch);

            Assert.Equal(theirs, ours, 1e-5f);
            AssertClose(torch.Flatten(gradients: true), network.Gradients.ToArray(), "gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Fifty_Adam_steps_from_the_same_start_end_at_the_same_parameters(string name)
    {
        (INetwork network, TorchModel torch, _, _, _) = Setup(name, seed: 30);
        using (torch)
        {
            var adam = new Adam(learningRate: 1e-3f);
            using var torchAdam = optim.Adam(torch.Parameters, lr: 1e-3);
            var random = new Random(31);
            for (int step = 0; step < 50; step++)
            {
                // A new batch every step, as in training.
                (float[] x, float[] targets, long[]? labels) = Batch_(random, network, Cases[name].Loss);
                if (labels is null)
                {
                    network.TrainStep(x, targets, adam);
                }
                else
                {
                    network.TrainStep(x, Array.ConvertAll(labels, l => (int)l), adam);
                }

                torchAdam.zero_grad();
                torch.Backward(x, targets, labels, Batch);
                torchAdam.step();
            }

            AssertClose(torch.Flatten(gradients: false), network.Parameters.ToArray(), "parameter after 50 Adam steps", absolute: 1e-4f);
        }
    }

    private static (INetwork, TorchModel, float[], float[], long[]?) Setup(string name, int seed)
    {
        (Func<INetwork> create, Loss loss, TorchLayer[] layers) = Cases[name];
        INetwork network = create();
        var torch = new TorchModel(network, loss, layers);
        (float[] x, float[] targets, long[]? labels) = Batch_(new Random(seed), network, loss);
        return (network, torch, x, targets, labels);
    }

    // Inputs in [-1, 1]; targets each loss accepts: real values, 0/1 values, or class labels.
    private static (float[] X, float[] Targets, long[]? Labels) Batch_(Random random, INetwork network, Loss loss)
    {
        float[] x = Enumerable.Range(0, Batch * network.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        if (loss == Loss.SoftmaxCrossEntropy)
        {
            long[] labels = Enumerable.Range(0, Batch).Select(_ => (long)random.Next(network.OutputSize)).ToArray();
            return (x, [], labels);
        }

        float[] targets = Enumerable.Range(0, Batch * network.OutputSize)
            .Select(_ => loss == Loss.BinaryCrossEntropy ? random.Next(2) : (float)random.NextDouble())
            .ToArray();
        return (x, targets, null);
    }

    private static void AssertClose(float[] expected, float[] actual, string what, float absolute = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        var failures = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > absolute + 1e-4f * Math.Abs(expected[i]))
            {
                failures.Add($"{what} {i}: TorchSharp {expected[i]:G7}, ours {actual[i]:G7}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {expected.Length} differ:\n" + string.Join("\n", failures.Take(15)));
        Assert.Contains(actual, v => v != 0); // compared something real
    }
}
