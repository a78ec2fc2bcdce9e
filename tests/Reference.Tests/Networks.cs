using Compiled;

namespace Compiled.Reference.Tests;

// Networks that together cover every activation and every loss, at sizes off the vector width.

/// <summary>Tanh, LeakyReLU, ELU and a linear output under mean squared error.</summary>
[Network(Inputs = 13, Loss = Loss.MeanSquaredError)]
[Dense(9, Activation.Tanh)]
[Dense(7, Activation.LeakyReLU, Alpha = 0.1)]
[Dense(5, Activation.ELU, Alpha = 0.7)]
[Dense(4)]
public partial class RegressionNet;

/// <summary>ReLU and Sigmoid layers under binary cross-entropy (fused with the sigmoid output).</summary>
[Network(Inputs = 10, Loss = Loss.BinaryCrossEntropy)]
[Dense(8, Activation.ReLU, Init = Init.HeNormal)]
[Dense(6, Activation.Sigmoid)]
[Dense(3, Activation.Sigmoid)]
public partial class MultiLabelNet;

/// <summary>Logits under softmax cross-entropy (fused).</summary>
[Network(Inputs = 12, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(10, Activation.ReLU, Init = Init.HeUniform)]
[Dense(5)]
public partial class ClassifierNet;

/// <summary>A softmax output under mean squared error: the softmax Jacobian path.</summary>
#pragma warning disable CMP0025 // a legitimate (Brier score) choice; here it exercises the softmax backward pass
[Network(Inputs = 8, Loss = Loss.MeanSquaredError)]
[Dense(6, Activation.Tanh)]
[Dense(4, Activation.Softmax)]
public partial class SoftmaxMseNet;
#pragma warning restore CMP0025

/// <summary>Layers without a bias (nn.Linear(bias=False)) around one with a bias, under mean squared error.</summary>
[Network(Inputs = 11, Loss = Loss.MeanSquaredError)]
[Dense(7, Activation.Tanh, UseBias = false)]
[Dense(5, Activation.ReLU, Init = Init.HeNormal)]
[Dense(3, Activation.Sigmoid, UseBias = false)]
public partial class NoBiasNet;

/// <summary>A small LeNet: Same ReLU convolution, max pool, Valid Tanh convolution, logits (324 parameters).</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy)]
[Input(2, 8, 8)]
[Conv2D(4, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Conv2D(5, 3, Activation.Tanh)]
[Flatten]
[Dense(3)]
public partial class ReferenceLeNet;

/// <summary>PReLU on hidden layers (one without a bias, Alpha as the initial slope) and on the output: nn.PReLU(units).</summary>
[Network(Inputs = 9, Loss = Loss.MeanSquaredError)]
[Dense(11, Activation.PReLU, Init = Init.HeNormal)]
[Dense(6, Activation.PReLU, Alpha = 0.1, Init = Init.HeNormal, UseBias = false)]
[Dense(3, Activation.PReLU, Init = Init.HeNormal)]
public partial class PReluNet;
