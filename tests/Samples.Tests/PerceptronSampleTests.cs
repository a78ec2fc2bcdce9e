using Compiled.Samples.Logic;
using Compiled.Training;

namespace Compiled.Samples.Tests;

/// <summary>samples/Logic's fourth lesson: the perceptron rule on a Step unit.</summary>
public sealed class PerceptronSampleTests
{
    [Fact]
    public void The_perceptron_rule_learns_AND_and_OR_and_never_XOR()
    {
        (StepPerceptron and, PerceptronResult andResult) = PerceptronLesson.Train(GateTraining.And);
        (StepPerceptron or, PerceptronResult orResult) = PerceptronLesson.Train(PerceptronLesson.Or);
        (_, PerceptronResult xorResult) = PerceptronLesson.Train(GateTraining.Xor);

        Assert.True(andResult.Converged);
        Assert.True(orResult.Converged);
        Assert.Equal([0f, 0f, 0f, 1f], Outputs(and));
        Assert.Equal([0f, 1f, 1f, 1f], Outputs(or));
        Assert.False(xorResult.Converged);
        Assert.Equal(PerceptronLesson.MaxEpochs, xorResult.Epochs);
        Assert.DoesNotContain(0, xorResult.ErrorsPerEpoch);
    }

    [Fact]
    public void The_sample_prints_the_perceptron_lesson_last()
    {
        var output = new StringWriter();

        Lessons.Run(output);

        string lesson = output.ToString().Split("4. Rosenblatt's perceptron")[1];
        Assert.Matches(@"AND: converged in \d+ epochs", lesson);
        Assert.Matches(@"OR : converged in \d+ epochs", lesson);
        Assert.Contains($"XOR: no convergence in {PerceptronLesson.MaxEpochs} epochs", lesson);
    }

    private static float[] Outputs(StepPerceptron network)
    {
        var outputs = new float[4];
        network.Forward(GateTraining.Inputs, outputs);
        return outputs;
    }
}
