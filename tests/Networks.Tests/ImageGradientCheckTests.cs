namespace Compiled.Networks.Tests;

/// <summary>
/// Networks with convolutions and pools: ComputeGradients against central finite differences of the plain
/// double-precision <see cref="ReferenceImageNetwork"/>, and Forward against the same model. Tolerances as in
/// <see cref="GradientCheckTests"/>.
/// </summary>
public class ImageGradientCheckTests
{
    /// <summary>1 sample; 3 (one group of samples, below the dense kernels' packed path); 11 (two groups, the second partial).</summary>
    public static TheoryData<string, int> Networks
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Cases.Keys.Where(name => !name.StartsWith("LeNet", StringComparison.Ordinal)))
            {
                foreach (int batch in new[] { 1, 3, 11 })
                {
                    data.Add(name, batch);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, int> ForwardCases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Cases.Keys)
            {
                foreach (int batch in new[] { 1, 5, 20 })
                {
                    data.Add(name, batch);
                }
            }

            return data;
        }
    }

    private static readonly Dictionary<string, (Func<INetwork> Create, ReferenceImageNetwork Reference)> Cases = new()
    {
        ["Valid ReLU, overlapping pool, strided Same Tanh + softmax cross-entropy"] = (
            () => new ConvPoolStrided(seed: 3),
            new ReferenceImageNetwork(
                (2, 9, 8),
                [new ReferenceConvolution(5, 3, Activation.ReLU), new ReferencePool(2, 1), new ReferenceConvolution(6, 2, Activation.Tanh, Stride: 2, Same: true)],
                Loss.SoftmaxCrossEntropy,
                new ReferenceLayer(4, Activation.Identity))),
        ["pool on the input, Same LeakyReLU and ELU without bias, dropout off + binary cross-entropy"] = (
            () => new PoolFirstSame(seed: 4),
            new ReferenceImageNetwork(
                (1, 10, 10),
                [new ReferencePool(2, 2), new ReferenceConvolution(4, 3, Activation.LeakyReLU, Same: true), new ReferenceConvolution(3, 3, Activation.ELU, Same: true, UseBias: false)],
                Loss.BinaryCrossEntropy,
                new ReferenceLayer(3, Activation.Sigmoid))),
        ["1x1 Sigmoid, strided 5x5 Same with asymmetric padding + mean squared error"] = (
            () => new OneByOneAsymmetric(seed: 5),
            new ReferenceImageNetwork(
                (3, 6, 6),
                [new ReferenceConvolution(8, 1, Activation.Sigmoid), new ReferenceConvolution(5, 5, Stride: 2, Same: true)],
                Loss.MeanSquaredError,
                new ReferenceLayer(6, Activation.Tanh),
                new ReferenceLayer(2, Activation.Identity))),
        ["LeNet 16x16: Same ReLU convolutions and pools"] = (
            () => new SplitConvNet(seed: 6),
            new ReferenceImageNetwork(
                (1, 16, 16),
                [new ReferenceConvolution(8, 3, Activation.ReLU, Same: true), new ReferencePool(2, 2), new ReferenceConvolution(16, 3, Activation.ReLU, Same: true), new ReferencePool(2, 2)],
                Loss.SoftmaxCrossEntropy,
                new ReferenceLayer(10, Activation.Identity))),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Gradients_agree_with_central_finite_differences(string name, int batch)
    {
        (Func<INetwork> create, ReferenceImageNetwork reference) = Cases[name];
        INetwork network = create();
        Assert.Equal(reference.ParameterCount, network.ParameterCount);
        var random = new Random(42);
        float[] x = GradientCheckTests.RandomInputs(random, batch * network.InputSize);
        float[] targets = Targets(random, network, name, batch);

        float loss = network.ComputeGradients(x, targets);
        float[] analytic = network.Gradients.ToArray();
        double[] parameters = Array.ConvertAll(network.Parameters.ToArray(), v => (double)v);
        double[] numerical = reference.NumericalGradient(parameters, x, targets, batch);

        Assert.Equal(reference.Loss(parameters, x, targets, batch), loss, 1e-5);
        GradientCheckTests.AssertGradientsAgree(analytic, numerical);

        // The check compared something in the convolutions, not only in the dense layers after them.
        Assert.Contains(analytic.Take(analytic.Length - DenseParameters(network)), g => Math.Abs(g) > 1e-4);
    }

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void Forward_agrees_with_the_reference_model(string name, int batch)
    {
        (Func<INetwork> create, ReferenceImageNetwork reference) = Cases[name];
        INetwork network = create();
        float[] x = GradientCheckTests.RandomInputs(new Random(7), batch * network.InputSize);
        var outputs = new float[batch * network.OutputSize];

        network.Forward(x, outputs);

        double[] expected = reference.Forward(Array.ConvertAll(network.Parameters.ToArray(), v => (double)v), x, batch);
        for (int e = 0; e < outputs.Length; e++)
        {
            Assert.Equal(expected[e], outputs[e], 1e-5);
        }
    }

    [Theory]
    [InlineData(SplitConvNet.Summary, SplitConvNet.ParameterCount)]
    [InlineData(PReluHidden.Summary, PReluHidden.ParameterCount)]
    [InlineData(SplitPReluNet.Summary, SplitPReluNet.ParameterCount)]
    [InlineData(MnistMlp.Summary, MnistMlp.ParameterCount)]
    public void The_summary_rows_add_up_to_the_parameter_count(string summary, int parameterCount)
    {
        // Each row ends in its parameter count (PReLU's slopes included); the last line states the total.
        string[] lines = summary.Split('\n');
        long rows = lines[1..^1].Sum(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(parameterCount, rows);
        Assert.Equal("Total parameters: " + parameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), lines[^1]);
    }

    [Fact]
    public void The_summary_lists_each_layer_with_its_output_shape_and_parameters()
    {
        string summary = SplitConvNet.Summary;
        Assert.Equal(
            """
            Layer                Output shape   Parameters
            input                1 x 16 x 16             0
            conv1 (Conv2D)       8 x 16 x 16            80
            pool1 (MaxPool2D)    8 x 8 x 8               0
            conv2 (Conv2D)       16 x 8 x 8          1,168
            pool2 (MaxPool2D)    16 x 4 x 4              0
            flatten (Flatten)    256                     0
            dropout1 (Dropout)   256                     0
            fc1 (Dense)          10                  2,570
            Total parameters: 3,818
            """.ReplaceLineEndings("\n"),
            summary);
        Assert.Equal(3818, SplitConvNet.ParameterCount);
        Assert.Equal(256, SplitConvNet.InputSize);
    }

    private static int DenseParameters(INetwork network) => network switch
    {
        ConvPoolStrided => 54 * 4 + 4,
        PoolFirstSame => 75 * 3 + 3,
        OneByOneAsymmetric => 45 * 6 + 6 + 6 * 2 + 2,
        _ => 0,
    };

    private static float[] Targets(Random random, INetwork network, string name, int batch)
    {
        var targets = new float[batch * network.OutputSize];
        for (int b = 0; b < batch; b++)
        {
            if (name.Contains("softmax cross-entropy", StringComparison.Ordinal))
            {
                targets[b * network.OutputSize + random.Next(network.OutputSize)] = 1;
                continue;
            }

            for (int j = 0; j < network.OutputSize; j++)
            {
                targets[b * network.OutputSize + j] = name.Contains("binary", StringComparison.Ordinal) ? random.Next(2) : (float)random.NextDouble();
            }
        }

        return targets;
    }
}
