using Compiled;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The seed network: 784 pixels in, two hidden layers of 256 ReLU units with dropout between them, 10 logits out.
/// Softmax is fused into the cross-entropy loss. The generator writes every member at build time.
/// </summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(256, Activation.ReLU)]
[Dropout(0.3)]
[Dense(256, Activation.ReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class MnistMlp;
