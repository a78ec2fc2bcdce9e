namespace Compiled.Networks.Tests;

/// <summary>
/// ComputeLoss scores a batch with a forward pass alone, and the classes (or outputs) a caller asks for come from
/// the pass that computed the loss or the gradient, not from a second one.
/// </summary>
public sealed class LossTests
{
    public static TheoryData<string> Networks => [.. Cases.Keys];

    // Every loss kernel: softmax cross-entropy fused with the softmax, binary cross-entropy fused with the sigmoid and
    // unfused under a softmax, mean squared error through a softmax, a sigmoid, a PReLU and a linear output; dropout
    // (off: Training is false), one output read as binary labels, and an image network.
    private static readonly Dictionary<string, Func<int, INetwork>> Cases = new()
    {
        [nameof(MnistMlp)] = maxBatch => new MnistMlp(seed: 5, maxBatch),
        [nameof(OneLayerSigmoidBce)] = maxBatch => new OneLayerSigmoidBce(seed: 5, maxBatch),
        [nameof(WideWithTails)] = maxBatch => new WideWithTails(seed: 5, maxBatch),
        [nameof(TwoLayerSoftmaxMse)] = maxBatch => new TwoLayerSoftmaxMse(seed: 5, maxBatch),
        [nameof(XorNet)] = maxBatch => new XorNet(seed: 5, maxBatch),
        [nameof(PReluOutput)] = maxBatch => new PReluOutput(seed: 5, maxBatch),
        [nameof(LineFit)] = maxBatch => new LineFit(seed: 5, maxBatch),
        [nameof(ConvPoolStrided)] = maxBatch => new ConvPoolStrided(seed: 5, maxBatch),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ComputeLoss_returns_what_ComputeGradients_returns_and_leaves_parameters_and_gradients_alone(string name)
    {
        INetwork network = Cases[name](8);
        const int Batch = 7;
        (float[] x, int[] labels, float[] targets) = RandomBatch(network, Batch, seed: 21);
        float[] parameters = network.Parameters.ToArray();
        float[] gradients = Sentinels(network.ParameterCount);
        gradients.CopyTo(network.Gradients);

        var classes = new int[Batch];
        var outputs = new float[Batch * network.OutputSize];
        float labelLoss = network.ComputeLoss(x, labels, classes);
        float targetLoss = network.ComputeLoss(x, targets, outputs);

        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(gradients, network.Gradients.ToArray());
        var predicted = new int[Batch];
        network.Predict(x, predicted);
        Assert.Equal(predicted, classes);
        var forward = new float[Batch * network.OutputSize];
        network.Forward(x, forward);
        Assert.Equal(forward, outputs);

        // The same kernels on the same rows: the same bits.
        Assert.Equal(network.ComputeGradients(x, labels), labelLoss);
        Assert.Equal(network.ComputeGradients(x, targets), targetLoss);
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.True(float.IsFinite(labelLoss) && labelLoss > 0, $"loss {labelLoss}");

        // Without the optional span the loss is the same.
        Assert.Equal(labelLoss, network.ComputeLoss(x, labels));
        Assert.Equal(targetLoss, network.ComputeLoss(x, targets));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_batch_larger_than_MaxBatch_is_scored_in_chunks_as_the_mean_over_every_sample(string name)
    {
        INetwork network = Cases[name](4);
        const int Batch = 11;
        (float[] x, int[] labels, float[] targets) = RandomBatch(network, Batch, seed: 22);
        int n = network.InputSize, m = network.OutputSize;

        var classes = new int[Batch];
        var outputs = new float[Batch * m];
        float labelLoss = network.ComputeLoss(x, labels, classes);
        float targetLoss = network.ComputeLoss(x, targets, outputs);

        // Chunks of 4, 4 and 3 samples, each chunk's mean weighted by its samples.
        double labelSum = 0, targetSum = 0;
        for (int start = 0; start < Batch; start += 4)
        {
            int count = Math.Min(4, Batch - start);
            labelSum += (double)network.ComputeGradients(x.AsSpan(start * n, count * n), labels.AsSpan(start, count)) * count;
            targetSum += (double)network.ComputeGradients(x.AsSpan(start * n, count * n), targets.AsSpan(start * m, count * m)) * count;
        }

        Assert.Equal((float)(labelSum / Batch), labelLoss);
        Assert.Equal((float)(targetSum / Batch), targetLoss);
        var predicted = new int[Batch];
        network.Predict(x, predicted);
        Assert.Equal(predicted, classes);
        var forward = new float[Batch * m];
        network.Forward(x, forward);
        Assert.Equal(forward, outputs);
    }

    [Fact]
    public void Wrong_lengths_and_bad_labels_are_refused_before_any_chunk_runs()
    {
        var network = new MnistMlp(seed: 5, maxBatch: 4);
        const int Batch = 11;
        (float[] x, int[] labels, float[] targets) = RandomBatch(network, Batch, seed: 23);

        var wrongClasses = Assert.Throws<ArgumentException>(() => network.ComputeLoss(x, labels, new int[Batch - 1]));
        Assert.Equal("classes", wrongClasses.ParamName);
        Assert.Contains("must be empty or have length 11 (11 samples × 1); got 10", wrongClasses.Message);
        var wrongOutputs = Assert.Throws<ArgumentException>(() => network.ComputeLoss(x, targets, new float[Batch * 10 + 1]));
        Assert.Equal("outputs", wrongOutputs.ParamName);
        Assert.Contains("must be empty or have length 110 (11 samples × 10); got 111", wrongOutputs.Message);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => network.ComputeLoss(x, labels.AsSpan(1))).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentException>(() => network.ComputeGradients(x.AsSpan(0, 4 * 784), labels.AsSpan(0, 4), new int[3])).ParamName);

        // A bad label in the third chunk: named by its index in the whole batch, and nothing written before it is found.
        labels[9] = 10;
        var classes = Enumerable.Repeat(-1, Batch).ToArray();
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => network.ComputeLoss(x, labels, classes));
        Assert.Equal("labels", bad.ParamName);
        Assert.Contains("labels[9] is 10", bad.Message);
        Assert.All(classes, c => Assert.Equal(-1, c));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainStep_with_classes_gives_the_classes_before_the_update_and_learns_what_TrainStep_learns(string name)
    {
        INetwork network = Cases[name](8), twin = Cases[name](8);
        const int Batch = 7;
        (float[] x, int[] labels, _) = RandomBatch(network, Batch, seed: 24);
        var before = new int[Batch];
        network.Predict(x, before);

        var classes = new int[Batch];
        float loss = network.TrainStep(x, labels, new Sgd(0.1f, momentum: 0.9f), classes);
        float twinLoss = twin.TrainStep(x, labels, new Sgd(0.1f, momentum: 0.9f));

        Assert.Equal(before, classes);
        Assert.Equal(twinLoss, loss);
        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
        Assert.NotEqual(Cases[name](8).Parameters.ToArray(), network.Parameters.ToArray());
    }

    [Fact]
    public void With_dropout_on_the_classes_come_from_the_step_and_draw_no_mask_of_their_own()
    {
        // Training on: each pass draws dropout masks. Asking for the classes must not draw another, so the twin that
        // does not ask learns the same parameters, step after step.
        var network = new MnistMlp(seed: 5, maxBatch: 8) { Training = true };
        var twin = new MnistMlp(seed: 5, maxBatch: 8) { Training = true };
        (float[] x, int[] labels, _) = RandomBatch(network, 8, seed: 25);
        var adam = new Adam(1e-3f);
        var twinAdam = new Adam(1e-3f);
        var classes = new int[8];
        for (int step = 0; step < 5; step++)
        {
            Assert.Equal(twin.TrainStep(x, labels, twinAdam), network.TrainStep(x, labels, adam, classes));
            Assert.All(classes, c => Assert.InRange(c, 0, 9));
        }

        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
    }

    // Inputs in [-1, 1), a label per sample (0 or 1 for one output) and target rows: the labels' one-hot rows for
    // several outputs, values in [0, 1) for one.
    private static (float[] X, int[] Labels, float[] Targets) RandomBatch(INetwork network, int batch, int seed)
    {
        var random = new Random(seed);
        float[] x = GradientCheckTests.RandomInputs(random, batch * network.InputSize);
        int m = network.OutputSize;
        var labels = new int[batch];
        var targets = new float[batch * m];
        for (int b = 0; b < batch; b++)
        {
            labels[b] = random.Next(m == 1 ? 2 : m);
            if (m == 1)
            {
                targets[b] = (float)random.NextDouble();
            }
            else
            {
                targets[b * m + labels[b]] = 1;
            }
        }

        return (x, labels, targets);
    }

    private static float[] Sentinels(int count) => Enumerable.Range(0, count).Select(i => 0.25f + i % 7).ToArray();
}
