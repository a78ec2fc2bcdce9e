namespace Compiled.Samples.Logic;

// The networks of this sample, under binary cross-entropy (the loss for yes/no outputs).

/// <summary>One sigmoid neuron, y = sigmoid(w1 x1 + w2 x2 + b): a single layer, so its decision boundary is a straight line.</summary>
[Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]
[Dense(1, Activation.Sigmoid)]
internal partial class Perceptron;

/// <summary>A hidden layer of 4 Tanh units before the sigmoid output: two layers can bend the boundary.</summary>
[Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
internal partial class TwoLayerNet;

/// <summary>
/// Rosenblatt's perceptron: y = step(w1 x1 + w2 x2 + b), 1 above the threshold and 0 below, weights from 0. It has no
/// gradient to descend (CMP0030), so the perceptron rule trains it (PerceptronLesson.cs).
/// </summary>
[Network(Inputs = 2)]
[Dense(1, Activation.Step, Init = Init.Zeros)]
internal partial class StepPerceptron;
