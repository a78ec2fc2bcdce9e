using Compiled.Training;

namespace Compiled.Samples.Logic;

/// <summary>
/// The sample's core, without any output: the four rows of a two-input truth table, trained one row per step (batch 1)
/// with plain SGD, and the network's outputs on them.
/// </summary>
internal static class GateTraining
{
    /// <summary>The four inputs, row-major [4, 2]: 00, 01, 10, 11.</summary>
    public static ReadOnlySpan<float> Inputs => [0, 0, 0, 1, 1, 0, 1, 1];

    /// <summary>AND's outputs for <see cref="Inputs"/>.</summary>
    public static ReadOnlySpan<float> And => [0, 0, 0, 1];

    /// <summary>XOR's outputs for <see cref="Inputs"/>.</summary>
    public static ReadOnlySpan<float> Xor => [0, 1, 1, 0];

    /// <summary>
    /// Trains <paramref name="network"/> on the truth table <paramref name="targets"/> for <paramref name="epochs"/> passes,
    /// each a step of SGD on every row in turn.
    /// </summary>
    /// <returns>The mean loss of each epoch (over its four steps).</returns>
    /// <exception cref="ArgumentException">The network does not take 2 inputs to 1 output, or there are not 4 targets.</exception>
    public static TrainingHistory Train(INetwork network, ReadOnlySpan<float> targets, float learningRate, int epochs)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputSize != 2 || network.OutputSize != 1)
        {
            throw new ArgumentException($"Expected a network of 2 inputs and 1 output; got {network.InputSize} -> {network.OutputSize}.", nameof(network));
        }

        if (targets.Length != 4)
        {
            throw new ArgumentException($"Expected 4 targets, one per row of the truth table; got {targets.Length}.", nameof(targets));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        var optimizer = new Sgd(learningRate);
        var history = new TrainingHistory();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double loss = 0;
            for (int row = 0; row < 4; row++)
            {
                loss += network.TrainStep(Inputs.Slice(2 * row, 2), targets.Slice(row, 1), optimizer);
            }

            history.Add(loss / 4);
        }

        return history;
    }

    /// <summary>The network's output for each row of the truth table.</summary>
    public static float[] Outputs(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var outputs = new float[4];
        network.Forward(Inputs, outputs);
        return outputs;
    }
}
