using Compiled;

namespace Compiled.Networks.Tests;

// Networks with image stages, declared as a user would. Between them: Valid and Same padding (Same with more zeros
// below and right than above and left), strides 1 and 2, overlapping pools, a pool on the input, 1 x 1 kernels,
// convolutions without a bias, every activation a convolution takes, dropout after Flatten, filter and patch counts
// off the register tile, and pixel counts with and without vector tails.

/// <summary>Valid 3 x 3 ReLU, an overlapping pool, a strided Same convolution (one zero column right), logits.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy)]
[Input(2, 9, 8)]
[Conv2D(5, 3, Activation.ReLU, Init = Init.HeUniform)]
[MaxPool2D(2, Stride = 1)]
[Conv2D(6, 2, Activation.Tanh, Stride = 2, Padding = Padding.Same)]
[Flatten]
[Dense(4)]
public partial class ConvPoolStrided;

/// <summary>A pool on the input, Same LeakyReLU and ELU (no bias) convolutions, dropout on the features, sigmoid outputs.</summary>
[Network(Loss = Loss.BinaryCrossEntropy)]
[Input(1, 10, 10)]
[MaxPool2D(2)]
[Conv2D(4, 3, Activation.LeakyReLU, Padding = Padding.Same)]
[Conv2D(3, 3, Activation.ELU, Padding = Padding.Same, UseBias = false)]
[Flatten]
[Dropout(0.2)]
[Dense(3, Activation.Sigmoid)]
public partial class PoolFirstSame;

/// <summary>A 1 x 1 Sigmoid convolution, then a strided 5 x 5 Same one (1 zero row above, 2 below), two dense layers.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(3, 6, 6)]
[Conv2D(8, 1, Activation.Sigmoid)]
[Conv2D(5, 5, Stride = 2, Padding = Padding.Same, Init = Init.GlorotNormal)]
[Flatten]
[Dense(6, Activation.Tanh)]
[Dense(2)]
public partial class OneByOneAsymmetric;

/// <summary>A small LeNet on 16 x 16 images: enough work per sample that a batch of 12 splits across threads.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy)]
[Input(1, 16, 16)]
[Conv2D(8, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Conv2D(16, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Flatten]
[Dropout(0.25)]
[Dense(10)]
public partial class SplitConvNet;
