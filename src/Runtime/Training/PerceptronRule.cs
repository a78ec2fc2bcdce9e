using System;
using System.Collections.Generic;

namespace Compiled.Training;

/// <summary>
/// Rosenblatt's perceptron rule for a network of one dense layer with a <see cref="Activation.Step"/> (0/1) or
/// <see cref="Activation.Sign"/> (-1/+1) output: sample by sample, w ← w + lr (y - output) x and b ← b + lr (y - output),
/// until an epoch classifies every sample right.
/// </summary>
/// <remarks>
/// The rule needs no gradient, which a step does not have (CMP0030). It converges when the classes can be separated by
/// a hyperplane (AND, OR) and never when they cannot (XOR), which is why multi-layer networks and gradient descent
/// through smooth activations came next. The parameters are read in the generated layout: W [inputs, units]
/// row-major, then b [units] when the layer has a bias.
/// </remarks>
public static class PerceptronRule
{
    /// <summary>Trains <paramref name="network"/> by the perceptron rule, visiting the samples in their order each epoch.</summary>
    /// <param name="network">One dense layer with a Step or Sign activation, with or without a bias.</param>
    /// <param name="data">Inputs and target rows of 0/1 (Step) or -1/+1 (Sign), one per output.</param>
    /// <param name="learningRate">lr, finite and &gt; 0; 1 by default (with weights starting at 0, any rate learns the same boundary).</param>
    /// <param name="maxEpochs">The most passes over the samples, at least 1.</param>
    /// <returns>The misclassified samples of each epoch, and whether the last epoch had none.</returns>
    /// <exception cref="ArgumentException">
    /// The network is not one dense layer, its outputs are not those of a step (0/1 or -1/+1), or the data does not fit it.
    /// </exception>
    public static PerceptronResult Train(INetwork network, TrainingData data, float learningRate = 1f, int maxEpochs = 100)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        HyperParameter.Positive(learningRate, nameof(learningRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, 1);
        int inputs = network.InputSize, units = network.OutputSize;
        int weights = inputs * units;
        bool hasBias = network.ParameterCount == weights + units;
        if (!hasBias && network.ParameterCount != weights)
        {
            throw new ArgumentException(
                $"The perceptron rule trains a single dense layer ({inputs} x {units} weights, and {units} biases if it has them); " +
                $"the network has {network.ParameterCount} parameters, so it has more layers: train it by gradient descent with smooth activations.",
                nameof(network));
        }

        if (data.HasLabels || data.Features != inputs || data.TargetWidth != units)
        {
            throw new ArgumentException(
                $"data must hold {inputs} features and {units} target{(units == 1 ? "" : "s")} per sample (0/1 for Step, -1/+1 for Sign).", nameof(data));
        }

        var x = new float[inputs];
        var output = new float[units];
        var errors = new List<int>();
        bool training = network.Training;
        network.Training = false;
        try
        {
            for (int epoch = 0; epoch < maxEpochs; epoch++)
            {
                int wrong = 0;
                for (int s = 0; s < data.Count; s++)
                {
                    data.CopyInput(s, x);
                    network.Forward(x, output);
                    ReadOnlySpan<float> target = data.Target(s);
                    bool missed = false;
                    for (int j = 0; j < units; j++)
                    {
                        ExpectStep(output[j], network);
                        float error = target[j] - output[j];
                        if (error == 0f)
                        {
                            continue;
                        }

                        missed = true;
                        Update(network.Parameters, x, j, units, learningRate * error, hasBias ? weights + j : -1);
                    }

                    wrong += missed ? 1 : 0;
                }

                errors.Add(wrong);
                if (wrong == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            network.Training = training;
        }

        return new PerceptronResult(errors);
    }

    // w[i, j] += lr (y - output) x[i] for every input i; b[j] += lr (y - output).
    private static void Update(Span<float> parameters, ReadOnlySpan<float> x, int j, int units, float step, int bias)
    {
        for (int i = 0; i < x.Length; i++)
        {
            parameters[i * units + j] += step * x[i];
        }

        if (bias >= 0)
        {
            parameters[bias] += step;
        }
    }

    private static void ExpectStep(float output, INetwork network)
    {
        if (output is not (0f or 1f or -1f))
        {
            throw new ArgumentException(
                $"The perceptron rule needs a Step or Sign output, but the network gave {output}: declare its layer [Dense(units, Activation.Step)] or Activation.Sign.",
                nameof(network));
        }
    }
}

/// <summary>What <see cref="PerceptronRule.Train"/> did: the samples it got wrong in each epoch.</summary>
public sealed class PerceptronResult
{
    internal PerceptronResult(IReadOnlyList<int> errorsPerEpoch) => ErrorsPerEpoch = errorsPerEpoch;

    /// <summary>Misclassified samples in each epoch (a sample counts once however many of its outputs were wrong).</summary>
    public IReadOnlyList<int> ErrorsPerEpoch { get; }

    /// <summary>The epochs run.</summary>
    public int Epochs => ErrorsPerEpoch.Count;

    /// <summary>True when the last epoch classified every sample right: the rule has converged and changes nothing more.</summary>
    public bool Converged => ErrorsPerEpoch[^1] == 0;
}
