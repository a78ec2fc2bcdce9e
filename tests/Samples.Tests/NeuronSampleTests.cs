using Compiled.Samples.Neuron;

namespace Compiled.Samples.Tests;

/// <summary>samples/Neuron: what the tutorial claims about one neuron, checked on the sample's own code.</summary>
public sealed class NeuronSampleTests
{
    [Fact]
    public void Without_a_bias_the_neuron_is_stuck_at_one_half_on_input_0_and_its_weight_never_moves()
    {
        IReadOnlyList<NeuronState> states = NeuronTraining.Train(new NeuronWithoutBias(), weight: 0.6f, bias: 0, x: 0, target: 1, learningRate: 0.1f, epochs: 200);

        Assert.Equal(201, states.Count);
        Assert.All(states, state =>
        {
            Assert.Equal(0.5f, state.Output);
            Assert.Equal(0.6f, state.Weight);
            Assert.Null(state.Bias);
            Assert.Equal(0.25f, state.Loss);
        });
    }

    [Fact]
    public void With_a_bias_the_same_neuron_climbs_toward_1()
    {
        IReadOnlyList<NeuronState> states = NeuronTraining.Train(new SigmoidNeuron(), weight: 0.6f, bias: 0, x: 0, target: 1, learningRate: 0.1f, epochs: 1000);

        Assert.Equal(0.5f, states[0].Output);
        Assert.True(states.Zip(states.Skip(1)).All(pair => pair.Second.Output > pair.First.Output), "the output rises at every step");
        Assert.True(states[^1].Output > 0.94f, $"output after 1000 epochs: {states[^1].Output}");
        Assert.Equal(0.6f, states[^1].Weight); // x = 0: only the bias moves.
        Assert.True(states[^1].Bias > 2.5f);
    }

    [Fact]
    public void Sigmoid_and_ReLU_both_learn_x_1_to_0_and_ReLU_much_faster()
    {
        IReadOnlyList<NeuronState> sigmoid = NeuronTraining.Train(new SigmoidNeuron(), 0.6f, 0.9f, x: 1, target: 0, learningRate: 0.1f, epochs: 1000);
        IReadOnlyList<NeuronState> relu = NeuronTraining.Train(new ReLUNeuron(), 0.6f, 0.9f, x: 1, target: 0, learningRate: 0.1f, epochs: 1000);

        Assert.Equal(1.5f, relu[0].Output);
        Assert.Equal(0.9f, relu[1].Output, 1e-6f); // z -> 0.6 z while z > 0: 1.5, 0.9, 0.54, ...
        Assert.True(relu[10].Loss < 1e-3f && sigmoid[10].Loss > 0.5f, $"after 10 epochs: ReLU {relu[10].Loss}, sigmoid {sigmoid[10].Loss}");
        Assert.True(sigmoid[^1].Output < 0.05f, $"sigmoid output after 1000 epochs: {sigmoid[^1].Output}");
        Assert.True(relu[^1].Output < 1e-6f);
    }

    [Fact]
    public void A_network_that_is_not_a_single_neuron_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => NeuronTraining.Train(new Compiled.Samples.Logic.Perceptron(), 1, 0, 0, 1, 0.1f, 1));

        Assert.Equal("neuron", error.ParamName);
        Assert.Contains("got 2 -> 1 with 3 parameters", error.Message);
    }

    [Fact]
    public void The_sample_prints_its_four_lessons_with_the_stuck_neuron_at_0_5()
    {
        var output = new StringWriter();

        Lessons.Run(output, epochs: 100);

        string text = output.ToString();
        foreach (string heading in new[] { "1. Sigmoid learns x = 1 -> y = 0", "2. ReLU learns x = 1 -> y = 0", "3. Without a bias: x = 0 -> y = 1", "4. With a bias: x = 0 -> y = 1" })
        {
            Assert.Contains(heading, text);
        }

        string withoutBias = text[text.IndexOf("3. Without", StringComparison.Ordinal)..text.IndexOf("4. With", StringComparison.Ordinal)];
        Assert.Contains("     100   0.6000   0.5000  0.250000", withoutBias);
    }
}
