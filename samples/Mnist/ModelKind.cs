namespace Compiled.Samples.Mnist;

/// <summary>The networks the sample trains (<c>--model</c>).</summary>
internal enum ModelKind
{
    /// <summary><see cref="MnistMlp"/>: 784-256-256-10, the default.</summary>
    Mlp,

    /// <summary><see cref="MnistDeep"/>: 784-512-512-512-512-10 with dropout.</summary>
    Deep,
}
