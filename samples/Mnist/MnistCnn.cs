using Compiled;

namespace Compiled.Samples.Mnist;

/// <summary>
/// A LeNet-style convolutional network (<c>--model cnn</c>): two 3 x 3 ReLU convolutions (32 and 64 filters, Same padding),
/// each followed by 2 x 2 max pooling, then 128 ReLU units with dropout 0.25 before them and 10 logits; He initial
/// weights for the ReLU layers. 28 x 28 -> 32 x 28 x 28 -> 32 x 14 x 14 -> 64 x 14 x 14 -> 64 x 7 x 7 -> 3,136 -> 128 -> 10.
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy)]
[Input(1, 28, 28)]
[Conv2D(32, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Conv2D(64, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
[MaxPool2D(2)]
[Flatten]
[Dropout(0.25)]
[Dense(128, Activation.ReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class MnistCnn;
