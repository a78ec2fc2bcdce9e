using Compiled.Samples.Logic;
using Compiled.Training;

namespace Compiled.Samples.Tests;

/// <summary>samples/Logic at the tutorial's settings (SGD lr 0.1, 2,000 epochs, batch 1: milliseconds for these networks).</summary>
public sealed class LogicSampleTests
{
    [Fact]
    public void One_sigmoid_neuron_learns_AND()
    {
        var neuron = new Perceptron(seed: 0);

        TrainingHistory history = GateTraining.Train(neuron, GateTraining.And, Lessons.LearningRate, Lessons.Epochs);

        float[] outputs = GateTraining.Outputs(neuron);
        Assert.All(outputs[..3], o => Assert.True(o < 0.1f, $"AND outputs: {string.Join(", ", outputs)}"));
        Assert.True(outputs[3] > 0.9f, $"AND outputs: {string.Join(", ", outputs)}");
        Assert.Equal(Lessons.Epochs, history.Epochs);
        Assert.True(history.Loss[^1] < history.Loss[0] / 10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void One_layer_fails_on_XOR_with_every_output_near_one_half(int seed)
    {
        var neuron = new Perceptron(seed);

        TrainingHistory history = GateTraining.Train(neuron, GateTraining.Xor, Lessons.LearningRate, Lessons.Epochs);

        float[] outputs = GateTraining.Outputs(neuron);
        Assert.All(outputs, o => Assert.True(Math.Abs(o - 0.5f) < 0.05f, $"XOR outputs of one layer: {string.Join(", ", outputs)}"));
        Assert.True(history.Loss[^1] > 0.69, $"final loss {history.Loss[^1]}: no better than answering 0.5 (ln 2 = 0.693)");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Two_layers_learn_XOR(int seed)
    {
        var network = new TwoLayerNet(seed);

        GateTraining.Train(network, GateTraining.Xor, Lessons.LearningRate, Lessons.Epochs);

        float[] outputs = GateTraining.Outputs(network);
        ReadOnlySpan<float> targets = GateTraining.Xor;
        for (int row = 0; row < 4; row++)
        {
            Assert.True(Math.Abs(outputs[row] - targets[row]) < 0.1f, $"XOR outputs of two layers: {string.Join(", ", outputs)}");
        }
    }

    [Fact]
    public void Wrong_sizes_are_refused_by_name()
    {
        var wide = Assert.Throws<ArgumentException>(() => GateTraining.Train(new Compiled.Samples.Neuron.SigmoidNeuron(), GateTraining.And, 0.1f, 1));
        var targets = Assert.Throws<ArgumentException>(() => GateTraining.Train(new Perceptron(), [0, 1, 1], 0.1f, 1));

        Assert.Equal("network", wide.ParamName);
        Assert.Equal("targets", targets.ParamName);
        Assert.Contains("Expected 4 targets, one per row of the truth table; got 3.", targets.Message);
    }

    [Fact]
    public void The_sample_prints_the_three_truth_tables()
    {
        var output = new StringWriter();

        Lessons.Run(output);

        string text = output.ToString();
        string[] lessons = text.Split(["1. AND", "2. XOR", "3. XOR"], StringSplitOptions.None);
        Assert.Equal(4, lessons.Length);
        Assert.Contains("4 of 4 rows right.", lessons[1]);
        Assert.DoesNotContain("4 of 4 rows right.", lessons[2]);
        Assert.Contains("4 of 4 rows right.", lessons[3]);
        Assert.Contains("    1  1 |   1    | 0.9", lessons[1]);
    }
}
