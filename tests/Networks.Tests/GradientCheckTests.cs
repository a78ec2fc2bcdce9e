namespace Compiled.Networks.Tests;

/// <summary>
/// ComputeGradients against central finite differences of an independent double-precision model.
/// Tolerance: the analytic gradient is float32 arithmetic over at most a few hundred terms, so it
/// carries relative error near 1e-6; the double reference with h = 1e-6 is accurate to ~1e-9. An
/// allowance of 1e-4 absolute plus 1e-3 relative is far above both and far below any real mistake
/// (a wrong derivative, a missing 1/N, a transposed index all give errors of order the gradient).
/// </summary>
public class GradientCheckTests
{
    /// <summary>
    /// Every network at every kind of batch the kernels distinguish: 1 and 3 samples take the unpacked
    /// matrix-vector forward path (below PackedFrom = 4); 6 is one whole 6-sample tile over packed panels;
    /// 11 is a whole tile and a padded one (5 rows, the missing row repeating the last sample).
    /// </summary>
    public static TheoryData<string, int> Networks
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Cases.Keys)
            {
                foreach (int batch in new[] { 1, 3, 6, 11 })
                {
                    data.Add(name, batch);
                }
            }

            return data;
        }
    }

    private static readonly Dictionary<string, (Func<INetwork> Create, ReferenceNetwork Reference)> Cases = new()
    {
        ["1 layer: Sigmoid + binary cross-entropy (fused)"] = (
            () => new OneLayerSigmoidBce(seed: 3),
            new ReferenceNetwork(13, Loss.BinaryCrossEntropy, new ReferenceLayer(3, Activation.Sigmoid))),
        ["2 layers: ReLU, Softmax + mean squared error"] = (
            () => new TwoLayerSoftmaxMse(seed: 4),
            new ReferenceNetwork(13, Loss.MeanSquaredError, new ReferenceLayer(7, Activation.ReLU), new ReferenceLayer(3, Activation.Softmax))),
        ["4 layers 13-7-5-5-3: Tanh, LeakyReLU, ELU, logits + softmax cross-entropy"] = (
            () => new FourLayerCrossEntropy(seed: 5),
            new ReferenceNetwork(13, Loss.SoftmaxCrossEntropy, new ReferenceLayer(7, Activation.Tanh), new ReferenceLayer(5, Activation.LeakyReLU, 0.1), new ReferenceLayer(5, Activation.ELU, 0.7), new ReferenceLayer(3, Activation.Identity))),
        ["vector loops with tails: Sigmoid, ELU, Softmax + binary cross-entropy"] = (
            () => new WideWithTails(seed: 6),
            new ReferenceNetwork(37, Loss.BinaryCrossEntropy, new ReferenceLayer(19, Activation.Sigmoid), new ReferenceLayer(23, Activation.ELU), new ReferenceLayer(17, Activation.Softmax))),
        ["widths multiple of 16: ReLU, LeakyReLU, Sigmoid + mean squared error"] = (
            () => new VectorAligned(seed: 7),
            new ReferenceNetwork(20, Loss.MeanSquaredError, new ReferenceLayer(32, Activation.ReLU), new ReferenceLayer(16, Activation.LeakyReLU), new ReferenceLayer(4, Activation.Sigmoid))),
        ["dropout layers with Training off"] = (
            () => new WithDropout(seed: 9),
            new ReferenceNetwork(11, Loss.MeanSquaredError, new ReferenceLayer(9, Activation.Tanh), new ReferenceLayer(2, Activation.LeakyReLU))),
        ["no bias on layers 1 and 3: Tanh, ReLU, Sigmoid + mean squared error"] = (
            () => new WithoutBias(seed: 11),
            new ReferenceNetwork(13, Loss.MeanSquaredError, new ReferenceLayer(19, Activation.Tanh, UseBias: false), new ReferenceLayer(6, Activation.ReLU), new ReferenceLayer(3, Activation.Sigmoid, UseBias: false))),
        ["PReLU hidden layers (a learned slope per unit), dropout, no bias + softmax cross-entropy"] = (
            () => PReluTests.WithVariedSlopes(new PReluHidden(seed: 12), PReluTests.HiddenSlopes),
            new ReferenceNetwork(13, Loss.SoftmaxCrossEntropy, new ReferenceLayer(9, Activation.PReLU), new ReferenceLayer(17, Activation.PReLU, UseBias: false), new ReferenceLayer(3, Activation.Identity))),
        ["PReLU output + mean squared error"] = (
            () => PReluTests.WithVariedSlopes(new PReluOutput(seed: 13), PReluTests.OutputSlopes),
            new ReferenceNetwork(11, Loss.MeanSquaredError, new ReferenceLayer(20, Activation.Tanh), new ReferenceLayer(5, Activation.PReLU))),
        ["XOR 2-4-1 Sigmoid + mean squared error"] = (
            () => new XorNet(seed: 10),
            new ReferenceNetwork(2, Loss.MeanSquaredError, new ReferenceLayer(4, Activation.Sigmoid), new ReferenceLayer(1, Activation.Sigmoid))),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Gradients_agree_with_central_finite_differences(string name, int batch)
    {
        (Func<INetwork> create, ReferenceNetwork reference) = Cases[name];
        INetwork network = create();
        Assert.Equal(reference.ParameterCount, network.ParameterCount);
        var random = new Random(42);
        float[] x = RandomInputs(random, batch * network.InputSize);
        float[] targets = Targets(random, network, name, batch);

        float loss = network.ComputeGradients(x, targets);
        float[] analytic = network.Gradients.ToArray();
        double[] parameters = Array.ConvertAll(network.Parameters.ToArray(), v => (double)v);
        double[] numerical = reference.NumericalGradient(parameters, x, targets, batch);

        Assert.Equal(reference.Loss(parameters, x, targets, batch), loss, 1e-5);
        AssertGradientsAgree(analytic, numerical);
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-4); // the check compared something
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Forward_agrees_with_the_reference_model(string name, int batch)
    {
        (Func<INetwork> create, ReferenceNetwork reference) = Cases[name];
        INetwork network = create();
        float[] x = RandomInputs(new Random(7), batch * network.InputSize);
        var outputs = new float[batch * network.OutputSize];

        network.Forward(x, outputs);

        double[] expected = reference.Forward(Array.ConvertAll(network.Parameters.ToArray(), v => (double)v), x, batch);
        for (int e = 0; e < outputs.Length; e++)
        {
            Assert.Equal(expected[e], outputs[e], 1e-5);
        }
    }

    [Fact]
    public void Gradients_with_class_labels_equal_gradients_with_one_hot_targets()
    {
        var network = new FourLayerCrossEntropy(seed: 1);
        float[] x = RandomInputs(new Random(3), 5 * FourLayerCrossEntropy.InputSize);
        int[] labels = [2, 0, 1, 1, 2];
        var oneHot = new float[5 * FourLayerCrossEntropy.OutputSize];
        for (int b = 0; b < labels.Length; b++)
        {
            oneHot[b * FourLayerCrossEntropy.OutputSize + labels[b]] = 1;
        }

        float fromLabels = network.ComputeGradients(x, labels);
        float[] gradientsFromLabels = network.Gradients.ToArray();
        float fromTargets = network.ComputeGradients(x, oneHot);

        Assert.Equal(fromTargets, fromLabels);
        Assert.Equal(network.Gradients.ToArray(), gradientsFromLabels);
    }

    // Every analytic gradient within 1e-4 + 1e-3 |numerical| of its finite difference; the first 20 misses listed.
    internal static void AssertGradientsAgree(float[] analytic, double[] numerical)
    {
        var failures = new List<string>();
        for (int k = 0; k < analytic.Length; k++)
        {
            if (Math.Abs(analytic[k] - numerical[k]) > 1e-4 + 1e-3 * Math.Abs(numerical[k]))
            {
                failures.Add($"parameter {k}: analytic {analytic[k]:G6}, numerical {numerical[k]:G6}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {analytic.Length} gradients disagree:\n" + string.Join("\n", failures.Take(20)));
    }

    internal static float[] RandomInputs(Random random, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return x;
    }

    // Targets each loss accepts: one-hot rows for softmax cross-entropy, 0/1 for binary
    // cross-entropy, any real value for mean squared error.
    private static float[] Targets(Random random, INetwork network, string name, int batch)
    {
        var targets = new float[batch * network.OutputSize];
        for (int b = 0; b < batch; b++)
        {
            if (name.Contains("softmax cross-entropy"))
            {
                targets[b * network.OutputSize + random.Next(network.OutputSize)] = 1;
                continue;
            }

            for (int j = 0; j < network.OutputSize; j++)
            {
                targets[b * network.OutputSize + j] = name.Contains("binary") ? random.Next(2) : (float)random.NextDouble();
            }
        }

        return targets;
    }
}
