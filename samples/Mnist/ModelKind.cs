namespace Compiled.Samples.Mnist;

/// <summary>The networks the sample trains (<c>--model</c>).</summary>
internal enum ModelKind
{
    /// <summary><see cref="MnistMlp"/>: 784-256-256-10, the default.</summary>
    Mlp,

    /// <summary><see cref="MnistDeep"/>: 784-512-512-512-512-10 with dropout.</summary>
    Deep,

    /// <summary><see cref="MnistCnn"/>: LeNet-style, two convolutions and two max pools, then 128 and 10 units.</summary>
    Cnn,
}
