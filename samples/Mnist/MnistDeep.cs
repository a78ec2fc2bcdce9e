using Compiled;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The tutorial's deeper network (<c>--model deep</c>): four hidden layers of 512 ReLU units, each followed by dropout
/// of 0.3 (the tutorial's keep probability 0.7) while training, then 10 logits; Xavier (Glorot uniform) initial weights.
/// </summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(512, Activation.ReLU, Init = Init.GlorotUniform)]
[Dropout(0.3)]
[Dense(512, Activation.ReLU, Init = Init.GlorotUniform)]
[Dropout(0.3)]
[Dense(512, Activation.ReLU, Init = Init.GlorotUniform)]
[Dropout(0.3)]
[Dense(512, Activation.ReLU, Init = Init.GlorotUniform)]
[Dropout(0.3)]
[Dense(10, Init = Init.GlorotUniform)]
public partial class MnistDeep;
