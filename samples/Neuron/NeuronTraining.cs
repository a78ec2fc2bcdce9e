namespace Compiled.Samples.Neuron;

/// <summary>A single neuron after some epochs of training: its weight, its bias (null without one), its output and loss.</summary>
internal sealed record NeuronState(int Epoch, float Weight, float? Bias, float Output, float Loss);

/// <summary>
/// The sample's core, without any output: set a neuron's weight and bias, train it on one sample with plain gradient
/// descent, and read back its state after every epoch.
/// </summary>
internal static class NeuronTraining
{
    /// <summary>
    /// Sets <paramref name="neuron"/>'s weight (and bias, if it has one) and trains it on the single pair
    /// <paramref name="x"/> -> <paramref name="target"/> for <paramref name="epochs"/> steps of SGD.
    /// </summary>
    /// <returns>The state before training (epoch 0) and after each epoch: <paramref name="epochs"/> + 1 states.</returns>
    /// <exception cref="ArgumentException">The network is not a single neuron (one input, one output).</exception>
    public static IReadOnlyList<NeuronState> Train(INetwork neuron, float weight, float bias, float x, float target, float learningRate, int epochs)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        if (neuron.InputSize != 1 || neuron.OutputSize != 1 || neuron.ParameterCount > 2)
        {
            throw new ArgumentException(
                $"Expected a single neuron (1 input, 1 output, a weight and at most a bias); got {neuron.InputSize} -> {neuron.OutputSize} with {neuron.ParameterCount} parameters.",
                nameof(neuron));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        neuron.Parameters[0] = weight;
        if (HasBias(neuron))
        {
            neuron.Parameters[1] = bias;
        }

        var optimizer = new Sgd(learningRate);
        float[] input = [x], targets = [target];
        var states = new List<NeuronState>(epochs + 1) { State(neuron, 0, input, target) };
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            neuron.TrainStep(input, targets, optimizer);
            states.Add(State(neuron, epoch, input, target));
        }

        return states;
    }

    /// <summary>Whether the neuron has a bias: Parameters = [w, b] rather than [w].</summary>
    public static bool HasBias(INetwork neuron) => neuron.ParameterCount == 2;

    private static NeuronState State(INetwork neuron, int epoch, float[] input, float target)
    {
        var output = new float[1];
        neuron.Forward(input, output);
        float error = output[0] - target;
        return new NeuronState(epoch, neuron.Parameters[0], HasBias(neuron) ? neuron.Parameters[1] : null, output[0], error * error);
    }
}
