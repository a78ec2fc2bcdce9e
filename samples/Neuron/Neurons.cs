namespace Compiled.Samples.Neuron;

// The networks of this sample: each a single neuron, y = f(w x + b), learning one input-target pair under mean squared
// error. The generator turns each declaration into a class with Forward, TrainStep and Parameters = [w, b].

/// <summary>y = sigmoid(w x + b).</summary>
[Network(Inputs = 1, Loss = Loss.MeanSquaredError)]
[Dense(1, Activation.Sigmoid)]
internal partial class SigmoidNeuron;

/// <summary>y = max(0, w x + b).</summary>
[Network(Inputs = 1, Loss = Loss.MeanSquaredError)]
[Dense(1, Activation.ReLU, Init = Init.HeUniform)]
internal partial class ReLUNeuron;

/// <summary>y = sigmoid(w x): no bias, so Parameters = [w].</summary>
[Network(Inputs = 1, Loss = Loss.MeanSquaredError)]
[Dense(1, Activation.Sigmoid, UseBias = false)]
internal partial class NeuronWithoutBias;
