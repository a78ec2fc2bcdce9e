using Compiled.Training;

namespace Compiled.Samples.Logic;

/// <summary>
/// The perceptron before gradient descent: a Step unit trained by Rosenblatt's rule, w += lr (target - y) x, one row at a
/// time until an epoch makes no mistake. It converges on AND and OR, which a line separates, and never on XOR.
/// </summary>
internal static class PerceptronLesson
{
    /// <summary>The rule's step; with weights starting at 0 any rate learns the same boundary, scaled.</summary>
    public const float LearningRate = 0.1f;

    /// <summary>Epochs before giving up on a gate.</summary>
    public const int MaxEpochs = 100;

    /// <summary>Trains a fresh <see cref="StepPerceptron"/> on <paramref name="targets"/> by the perceptron rule.</summary>
    public static (StepPerceptron Network, PerceptronResult Result) Train(ReadOnlySpan<float> targets)
    {
        var network = new StepPerceptron();
        PerceptronResult result = PerceptronRule.Train(network, new TrainingData(GateTraining.Inputs.ToArray(), 2, targets.ToArray()), LearningRate, MaxEpochs);
        return (network, result);
    }

    /// <summary>Writes the lesson: each gate's mistakes per epoch and what the unit learned.</summary>
    public static void Run(TextWriter output)
    {
        output.WriteLine("4. Rosenblatt's perceptron: y = step(w1 x1 + w2 x2 + b), 1 if positive and 0 otherwise, weights from 0,");
        output.WriteLine($"   trained by the perceptron rule w += lr (target - y) x, b += lr (target - y), lr {LearningRate}, a row at a time");
        foreach ((string name, float[] targets) in new[] { ("AND", GateTraining.And.ToArray()), ("OR", Or), ("XOR", GateTraining.Xor.ToArray()) })
        {
            (StepPerceptron network, PerceptronResult result) = Train(targets);
            var outputs = new float[4];
            network.Forward(GateTraining.Inputs, outputs);
            string mistakes = string.Join(", ", result.ErrorsPerEpoch.Take(8)) + (result.Epochs > 8 ? ", ..." : "");
            output.WriteLine(result.Converged
                ? $"   {name,-3}: converged in {result.Epochs} epochs (mistakes per epoch: {mistakes}); outputs {string.Join(" ", outputs)}; " +
                  $"w1 = {network.Parameters[0]:0.0#}, w2 = {network.Parameters[1]:0.0#}, b = {network.Parameters[2]:0.0#}"
                : $"   {name,-3}: no convergence in {result.Epochs} epochs (mistakes per epoch: {mistakes}); outputs {string.Join(" ", outputs)}");
        }

        output.WriteLine("   AND and OR converge: a line separates their ones from their zeros, and the rule is guaranteed to find");
        output.WriteLine("   one. XOR has no such line, so some row is always wrong and the weights cycle forever: the limit of the");
        output.WriteLine("   single-layer perceptron that lesson 3's hidden layer, trained by gradient descent, overcomes.");
    }

    /// <summary>OR's outputs for <see cref="GateTraining.Inputs"/>.</summary>
    public static float[] Or => [0, 1, 1, 1];
}
