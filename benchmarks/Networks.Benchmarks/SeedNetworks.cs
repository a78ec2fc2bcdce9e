using Compiled;

namespace Compiled.Networks.Benchmarks;

/// <summary>The seed MLP of docs/PEERS.md: 784-256-256-10, ReLU, Glorot (Xavier) init, softmax cross-entropy.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(256, Activation.ReLU)]
[Dense(256, Activation.ReLU)]
[Dense(10)]
public partial class SeedMlp;

/// <summary>One 784x256 dense layer: the forward kernel alone, for GFLOP/s.</summary>
[Network(Inputs = 784)]
[Dense(256)]
public partial class FirstLayer;

/// <summary>The deeper seed net of docs/PEERS.md, 784-512-512-512-512-10, ReLU, without its dropout (the TorchSharp model has none).</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(512, Activation.ReLU)]
[Dense(512, Activation.ReLU)]
[Dense(512, Activation.ReLU)]
[Dense(512, Activation.ReLU)]
[Dense(10)]
public partial class DeepMlp;
