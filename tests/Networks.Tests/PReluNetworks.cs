namespace Compiled.Networks.Tests;

/// <summary>
/// PReLU on hidden layers: 9 units (scalar columns and tails), then dropout, then 17 units without a bias and with
/// Alpha = 0.1 as the initial slope (whole vectors and a tail), then logits under softmax cross-entropy.
/// </summary>
[Network(Inputs = 13, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(9, Activation.PReLU, Init = Init.HeNormal)]
[Dropout(0.2)]
[Dense(17, Activation.PReLU, Alpha = 0.1, Init = Init.HeNormal, UseBias = false)]
[Dense(3)]
public partial class PReluHidden;

/// <summary>PReLU on the output under mean squared error: the loss's dL/da goes through PReLU's own backward pass.</summary>
[Network(Inputs = 11, Loss = Loss.MeanSquaredError)]
[Dense(20, Activation.Tanh)]
[Dense(5, Activation.PReLU, Init = Init.HeNormal)]
public partial class PReluOutput;

/// <summary>One PReLU unit, y = PReLU(w x + b): it fits y = |x| only by learning the slope -1.</summary>
[Network(Inputs = 1, Loss = Loss.MeanSquaredError)]
[Dense(1, Activation.PReLU, Init = Init.HeNormal)]
public partial class PReluUnit;

/// <summary>Large enough per sample (64*48 + 48*40 + 40*10 multiply-adds) that a batch of 64 splits across threads.</summary>
[Network(Inputs = 64, Loss = Loss.SoftmaxCrossEntropy)]
[Dropout(0.1)]
[Dense(48, Activation.PReLU, Init = Init.HeNormal)]
[Dropout(0.25)]
[Dense(40, Activation.PReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class SplitPReluNet;
