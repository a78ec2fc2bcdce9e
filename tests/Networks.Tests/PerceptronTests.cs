using Compiled.Training;

namespace Compiled.Networks.Tests;

/// <summary>Rosenblatt's perceptron: one Step unit, weights from 0.</summary>
[Network(Inputs = 2)]
[Dense(1, Activation.Step, Init = Init.Zeros)]
public partial class StepGate;

/// <summary>The bipolar perceptron: one Sign unit.</summary>
[Network(Inputs = 2)]
[Dense(1, Activation.Sign, Init = Init.Zeros)]
public partial class SignGate;

/// <summary>Step hidden units into Sign outputs, with vector loops and tails: for Forward and the ONNX export.</summary>
[Network(Inputs = 13)]
[Dense(19, Activation.Step)]
[Dense(3, Activation.Sign)]
public partial class StepSignNet;

/// <summary>Two Sign outputs without a bias: the rule trains each unit, W only.</summary>
[Network(Inputs = 3)]
[Dense(2, Activation.Sign, Init = Init.Zeros, UseBias = false)]
public partial class SignPairWithoutBias;

/// <summary>The perceptron rule learns what a line can separate (AND, OR) and never learns XOR.</summary>
public class PerceptronTests
{
    private static readonly float[] TruthTableInputs = [0, 0, 0, 1, 1, 0, 1, 1];

    [Theory]
    [InlineData("AND", new float[] { 0, 0, 0, 1 })]
    [InlineData("OR", new float[] { 0, 1, 1, 1 })]
    public void The_perceptron_rule_learns_a_linearly_separable_gate(string gate, float[] truth)
    {
        var net = new StepGate();

        PerceptronResult result = PerceptronRule.Train(net, new TrainingData(TruthTableInputs, 2, truth), learningRate: 0.1f, maxEpochs: 100);

        Assert.True(result.Converged, $"{gate}: errors per epoch {string.Join(", ", result.ErrorsPerEpoch)}");
        Assert.True(result.Epochs < 20, $"{gate} took {result.Epochs} epochs");
        var outputs = new float[4];
        net.Forward(TruthTableInputs, outputs);
        Assert.Equal(truth, outputs);
    }

    [Fact]
    public void The_perceptron_rule_never_learns_xor()
    {
        var net = new StepGate();

        PerceptronResult result = PerceptronRule.Train(net, new TrainingData(TruthTableInputs, 2, [0f, 1, 1, 0]), learningRate: 0.1f, maxEpochs: 1000);

        // No line separates XOR's ones from its zeros: every epoch misclassifies at least one of the four, forever.
        Assert.False(result.Converged);
        Assert.Equal(1000, result.Epochs);
        Assert.All(result.ErrorsPerEpoch, errors => Assert.InRange(errors, 1, 4));
        var outputs = new float[4];
        net.Forward(TruthTableInputs, outputs);
        Assert.NotEqual([0f, 1f, 1f, 0f], outputs);
    }

    [Fact]
    public void The_bipolar_perceptron_learns_and_with_minus_one_for_false()
    {
        var net = new SignGate();

        PerceptronResult result = PerceptronRule.Train(net, new TrainingData(TruthTableInputs, 2, [-1f, -1, -1, 1]));

        Assert.True(result.Converged);
        var outputs = new float[4];
        net.Forward(TruthTableInputs, outputs);
        Assert.Equal([-1f, -1f, -1f, 1f], outputs);
    }

    [Fact]
    public void Each_output_unit_learns_its_own_target_without_a_bias()
    {
        // Unit 0: the sign of x0 - x1; unit 1: the sign of x2. Both separable through the origin.
        var random = new Random(3);
        var x = new float[60 * 3];
        var y = new float[60 * 2];
        for (int s = 0; s < 60; s++)
        {
            for (int i = 0; i < 3; i++)
            {
                x[s * 3 + i] = (float)(random.NextDouble() * 2 - 1);
            }

            y[s * 2] = x[s * 3] - x[s * 3 + 1] > 0 ? 1 : -1;
            y[s * 2 + 1] = x[s * 3 + 2] > 0 ? 1 : -1;
        }

        var net = new SignPairWithoutBias();
        PerceptronResult result = PerceptronRule.Train(net, new TrainingData(x, 3, y), maxEpochs: 1000);

        Assert.True(result.Converged, $"errors per epoch: {string.Join(", ", result.ErrorsPerEpoch.TakeLast(5))}");
        var outputs = new float[y.Length];
        net.Forward(x, outputs);
        Assert.Equal(y, outputs);
    }

    [Fact]
    public void Step_and_sign_forward_give_thresholds_of_the_affine_map()
    {
        var net = new StepSignNet(seed: 3);
        float[] x = GradientCheckTests.RandomInputs(new Random(4), 5 * StepSignNet.InputSize);
        var outputs = new float[5 * StepSignNet.OutputSize];

        net.Forward(x, outputs);

        // The same by hand from Parameters: W1 [13, 19], b1 [19], W2 [19, 3], b2 [3].
        ReadOnlySpan<float> p = net.Parameters;
        int w2 = 13 * 19 + 19, b2 = w2 + 19 * 3;
        for (int s = 0; s < 5; s++)
        {
            var hidden = new float[19];
            for (int j = 0; j < 19; j++)
            {
                float z = p[13 * 19 + j];
                for (int i = 0; i < 13; i++)
                {
                    z += x[s * 13 + i] * p[i * 19 + j];
                }

                hidden[j] = z > 0 ? 1 : 0;
            }

            for (int j = 0; j < 3; j++)
            {
                float z = p[b2 + j];
                for (int i = 0; i < 19; i++)
                {
                    z += hidden[i] * p[w2 + i * 3 + j];
                }

                Assert.Equal(z > 0 ? 1f : -1f, outputs[s * 3 + j]);
            }
        }

        Assert.Contains(1f, outputs);
        Assert.Contains(-1f, outputs);
    }

    [Fact]
    public void Gradient_descent_through_a_step_gets_a_zero_gradient()
    {
        // What CMP0030 warns about, measured: the loss is real, its gradient with respect to every weight is 0.
        var net = new StepGate(seed: 1);
        net.Parameters.Fill(0.3f);
#pragma warning disable CMP0030 // The point of the test.
        float loss = net.ComputeGradients(TruthTableInputs, [0f, 1, 1, 0]);
#pragma warning restore CMP0030

        Assert.True(loss > 0);
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void The_rule_refuses_networks_it_cannot_train()
    {
        var multi = Assert.Throws<ArgumentException>(() => PerceptronRule.Train(new StepSignNet(), new TrainingData(new float[13], 13, new float[3])));
        var smooth = Assert.Throws<ArgumentException>(() => PerceptronRule.Train(new AndNeuron(seed: 1), new TrainingData(TruthTableInputs, 2, [0f, 0, 0, 1])));
        var labels = Assert.Throws<ArgumentException>(() => PerceptronRule.Train(new StepGate(), new TrainingData(TruthTableInputs, 2, new int[] { 0, 0, 0, 1 })));

        Assert.Contains("single dense layer", multi.Message);
        Assert.Contains("needs a Step or Sign output", smooth.Message);
        Assert.Equal("data", labels.ParamName);
    }
}
