using Compiled;

namespace Compiled.Networks.Tests;

// The networks under test, declared exactly as a user would. The generator runs as an analyzer of this
// project, so each declaration below is compiled (with warnings as errors) by the build itself.

/// <summary>The example: XOR with a 2-4-1 sigmoid net.</summary>
[Network(Inputs = 2, Loss = Loss.MeanSquaredError)]
[Dense(4, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;

/// <summary>AND with one sigmoid neuron.</summary>
[Network(Inputs = 2, Loss = Loss.BinaryCrossEntropy)]
[Dense(1, Activation.Sigmoid)]
public partial class AndNeuron;

/// <summary>y = a x + b: one linear unit.</summary>
[Network(Inputs = 1)]
[Dense(1)]
public partial class LineFit;

/// <summary>The seed MNIST MLP of the architecture document.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(256, Activation.ReLU)]
[Dropout(0.3)]
[Dense(256, Activation.ReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class MnistMlp;

// Networks for the gradient checks: every activation, every loss, 1, 2 and 4 layers, and sizes that
// are not multiples of the vector width (tails), below it (scalar only) and multiples of 16 (no tails).

/// <summary>One layer; sigmoid fused with binary cross-entropy.</summary>
[Network(Inputs = 13, Loss = Loss.BinaryCrossEntropy)]
[Dense(3, Activation.Sigmoid)]
public partial class OneLayerSigmoidBce;

/// <summary>Two layers; softmax under mean squared error (the softmax Jacobian path).</summary>
[Network(Inputs = 13, Loss = Loss.MeanSquaredError)]
[Dense(7, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class TwoLayerSoftmaxMse;

/// <summary>Four layers, 13-7-5-5-3; Tanh, LeakyReLU, ELU, and logits into softmax cross-entropy.</summary>
[Network(Inputs = 13, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(7, Activation.Tanh)]
[Dense(5, Activation.LeakyReLU, Alpha = 0.1)]
[Dense(5, Activation.ELU, Alpha = 0.7)]
[Dense(3)]
public partial class FourLayerCrossEntropy;

// CMP0024 is right for a real network (softmax outputs compete, binary cross-entropy scores them as
// independent): this one exists to check the gradient of that legal combination, whose softmax
// Jacobian path no other network takes.
#pragma warning disable CMP0024
/// <summary>Vector loops with scalar tails in every kernel; softmax output under binary cross-entropy.</summary>
[Network(Inputs = 37, Loss = Loss.BinaryCrossEntropy)]
[Dense(19, Activation.Sigmoid)]
[Dense(23, Activation.ELU)]
[Dense(17, Activation.Softmax)]
public partial class WideWithTails;
#pragma warning restore CMP0024

/// <summary>Widths that are multiples of 16: no scalar tails; sigmoid output under mean squared error.</summary>
[Network(Inputs = 20, Loss = Loss.MeanSquaredError)]
[Dense(32, Activation.ReLU, Init = Init.HeUniform)]
[Dense(16, Activation.LeakyReLU, Init = Init.GlorotNormal)]
[Dense(4, Activation.Sigmoid, Init = Init.Normal, StdDev = 0.3)]
public partial class VectorAligned;

/// <summary>Dropout on the input and between layers, consecutive dropouts composed; checked with Training off.</summary>
[Network(Inputs = 11, Loss = Loss.MeanSquaredError)]
[Dropout(0.2)]
[Dense(9, Activation.Tanh)]
[Dropout(0.5)]
[Dropout(0.1)]
[Dense(2, Activation.LeakyReLU)]
public partial class WithDropout;

/// <summary>A small MLP with dropout, for tests that save and load many times.</summary>
[Network(Inputs = 20, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(12, Activation.ReLU)]
[Dropout(0.3)]
[Dense(5)]
public partial class MnistMlpSmall;

// Large enough per sample (64*48 + 48*40 + 40*24 + 24*10 multiply-adds) that a batch of 64 splits
// across threads; dropout on the inputs (the first layer reads the caller's span) and inside, ELU
// (its z buffer), LeakyReLU, and a softmax output under cross-entropy.
[Network(Inputs = 64, Loss = Loss.SoftmaxCrossEntropy)]
[Dropout(0.2)]
[Dense(48, Activation.ELU)]
[Dense(40, Activation.LeakyReLU, Alpha = 0.05)]
[Dropout(0.25)]
[Dense(24, Activation.Tanh)]
[Dense(10)]
public partial class SplitNet;

/// <summary>UseBias = false on the first and last layers (vector loops with tails, and a scalar output), a biased layer between.</summary>
[Network(Inputs = 13, Loss = Loss.MeanSquaredError)]
[Dense(19, Activation.Tanh, UseBias = false)]
[Dense(6, Activation.ReLU)]
[Dense(3, Activation.Sigmoid, UseBias = false)]
public partial class WithoutBias;

/// <summary>The tutorial's single neuron without a bias: y = sigmoid(w x).</summary>
[Network(Inputs = 1)]
[Dense(1, Activation.Sigmoid, UseBias = false)]
public partial class NeuronWithoutBias;

/// <summary>Large enough that a batch of 64 splits across threads, with UseBias = false on the first and last layers.</summary>
[Network(Inputs = 64, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(48, Activation.ReLU, Init = Init.HeNormal, UseBias = false)]
[Dense(40, Activation.Tanh)]
[Dense(10, UseBias = false)]
public partial class SplitNetWithoutBias;
