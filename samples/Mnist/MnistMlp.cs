using Compiled;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The tutorial's network (<c>--model mlp</c>, the default): 784 pixels in, two hidden layers of 256 ReLU units, 10 logits
/// out, Xavier (Glorot uniform) initial weights. Softmax is fused into the cross-entropy loss. The generator writes every
/// member at build time.
/// </summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(256, Activation.ReLU, Init = Init.GlorotUniform)]
[Dense(256, Activation.ReLU, Init = Init.GlorotUniform)]
[Dense(10, Init = Init.GlorotUniform)]
public partial class MnistMlp;
