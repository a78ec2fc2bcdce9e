namespace Compiled.Networks.Tests;

/// <summary>Small networks that must learn what the tutorials say they learn.</summary>
public class LearningTests
{
    private static readonly float[] TruthTableInputs = [0, 0, 0, 1, 1, 0, 1, 1];

    [Fact]
    public void Xor_network_learns_the_truth_table()
    {
        // The example, verbatim: 2-4-1 sigmoid, mean squared error, SGD 0.5, 5000 full-batch steps.
        float[] xs = TruthTableInputs;
        float[] ys = [0, 1, 1, 0];
        var net = new XorNet(seed: 1);
        var opt = new Sgd(learningRate: 0.5f);
        for (int epoch = 0; epoch < 5000; epoch++)
        {
            net.TrainStep(xs, ys, opt);
        }

        var outputs = new float[4];
        net.Forward(xs, outputs);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(outputs[i] - ys[i]) < 0.1f, $"XOR({xs[2 * i]}, {xs[2 * i + 1]}) = {outputs[i]}, expected {ys[i]} within 0.1");
        }
    }

    [Fact]
    public void And_neuron_learns_the_truth_table()
    {
        float[] ys = [0, 0, 0, 1];
        var net = new AndNeuron(seed: 1);
        var opt = new Sgd(learningRate: 0.5f);
        float first = net.TrainStep(TruthTableInputs, ys, opt);
        float last = first;
        for (int epoch = 0; epoch < 2000; epoch++)
        {
            last = net.TrainStep(TruthTableInputs, ys, opt);
        }

        var classes = new int[4];
        net.Predict(TruthTableInputs, classes);
        Assert.Equal([0, 0, 0, 1], classes);
        var outputs = new float[4];
        net.Forward(TruthTableInputs, outputs);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(outputs[i] - ys[i]) < 0.1f, $"AND output {i} = {outputs[i]}, expected {ys[i]} within 0.1");
        }

        Assert.True(last < first / 10, $"loss fell only from {first} to {last}");
    }

    [Fact]
    public void Linear_unit_recovers_y_equals_2x_plus_1()
    {
        var random = new Random(5);
        var xs = new float[50];
        var ys = new float[50];
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = (float)(random.NextDouble() * 4 - 2);
            ys[i] = 2 * xs[i] + 1;
        }

        var net = new LineFit(seed: 3);
        var opt = new Sgd(learningRate: 0.1f);
        for (int step = 0; step < 500; step++)
        {
            net.TrainStep(xs, ys, opt);
        }

        // Parameters: W1 [1, 1] then b1 [1].
        Assert.Equal(2f, net.Parameters[0], 1e-3f);
        Assert.Equal(1f, net.Parameters[1], 1e-3f);
    }

    [Fact]
    public void Mnist_shaped_network_fits_a_small_synthetic_problem_with_adam_and_dropout()
    {
        // Ten well-separated prototypes in 784 dimensions with noise: the seed MLP, dropout on, must
        // classify fresh samples of them. A bounded real-data test comes with the MNIST issue.
        var random = new Random(11);
        var prototypes = new float[10, 784];
        for (int c = 0; c < 10; c++)
        {
            for (int i = 0; i < 784; i++)
            {
                prototypes[c, i] = random.NextDouble() < 0.2 ? 1f : 0f;
            }
        }

        (float[] x, int[] labels) Sample(int count)
        {
            var x = new float[count * 784];
            var labels = new int[count];
            for (int b = 0; b < count; b++)
            {
                labels[b] = random.Next(10);
                for (int i = 0; i < 784; i++)
                {
                    x[b * 784 + i] = Math.Clamp(prototypes[labels[b], i] + (float)(random.NextDouble() - 0.5) * 0.8f, 0f, 1f);
                }
            }

            return (x, labels);
        }

        var net = new MnistMlp(seed: 2, maxBatch: 64) { Training = true };
        var adam = new Adam();
        for (int step = 0; step < 60; step++)
        {
            (float[] x, int[] labels) = Sample(64);
            net.TrainStep(x, labels, adam);
        }

        net.Training = false;
        (float[] testX, int[] testLabels) = Sample(200);
        var predicted = new int[200];
        net.Predict(testX, predicted);
        int correct = predicted.Zip(testLabels).Count(p => p.First == p.Second);
        Assert.True(correct >= 190, $"{correct} of 200 correct");
    }
}
