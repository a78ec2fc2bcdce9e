using System;

namespace Compiled.Generator.Model;

/// <summary>
/// One layer attribute as the user wrote it, before validation. Plain values only, so the record
/// has structural equality (a pipeline value must be immutable and compare by content).
/// </summary>
/// <param name="Kind">Which attribute: <c>[Dense]</c> or <c>[Dropout]</c>.</param>
/// <param name="Units">Dense: output units.</param>
/// <param name="Activation">Dense: activation after the affine map.</param>
/// <param name="Alpha">Dense: the LeakyReLU slope or ELU scale; NaN when the user gave none.</param>
/// <param name="Init">Dense: weight initializer.</param>
/// <param name="Mean">Dense: mean for <see cref="InitKind.Normal"/>.</param>
/// <param name="StdDev">Dense: standard deviation for <see cref="InitKind.Normal"/>.</param>
/// <param name="Rate">Dropout: probability of dropping an activation.</param>
/// <param name="UseBias">Dense: whether the layer adds a bias b (false: z = x W).</param>
/// <param name="Written">Dense: the named arguments the attribute writes out (the others hold their defaults); MaxPool2D: whether Stride is written.</param>
/// <param name="BiasInit">Dense: bias initializer (<see cref="InitKind.Zeros"/> unless the attribute sets BiasInit).</param>
/// <param name="Kernel">Conv2D: rows and columns of the kernel; MaxPool2D: of the window.</param>
/// <param name="Stride">Conv2D and MaxPool2D: the step between two outputs (MaxPool2D: 0 for the window's size).</param>
/// <param name="Padding">Conv2D: how the border is treated.</param>
internal sealed record LayerSpec(
    LayerKind Kind,
    int Units,
    ActivationKind Activation,
    double Alpha,
    InitKind Init,
    double Mean,
    double StdDev,
    double Rate,
    bool UseBias = true,
    NamedArguments Written = NamedArguments.None,
    InitKind BiasInit = InitKind.Zeros,
    int Kernel = 0,
    int Stride = 0,
    PaddingKind Padding = PaddingKind.Valid)
{
    public static LayerSpec Dense(int units, ActivationKind activation, InitKind init, double alpha, double mean, double stdDev, NamedArguments written = NamedArguments.None, bool useBias = true, InitKind biasInit = InitKind.Zeros) =>
        new(LayerKind.Dense, units, activation, alpha, init, mean, stdDev, Rate: 0, useBias, written, biasInit);

    public static LayerSpec Dropout(double rate) =>
        new(LayerKind.Dropout, Units: 0, ActivationKind.Identity, double.NaN, InitKind.GlorotUniform, 0, 0, rate, UseBias: false);

    /// <summary>A convolution of <paramref name="filters"/> filters (kept in <see cref="Units"/>); Init.Normal draws N(0, 0.05^2).</summary>
    public static LayerSpec Conv2D(int filters, int kernel, ActivationKind activation, int stride, PaddingKind padding, InitKind init, bool useBias) =>
        new(LayerKind.Conv2D, filters, activation, double.NaN, init, Mean: 0, StdDev: 0.05, Rate: 0, useBias, NamedArguments.None, Kernel: kernel, Stride: stride, Padding: padding);

    public static LayerSpec MaxPool2D(int size, int stride, bool strideWritten) =>
        new(LayerKind.MaxPool2D, Units: 0, ActivationKind.Identity, double.NaN, InitKind.GlorotUniform, 0, 0, 0, UseBias: false,
            strideWritten ? NamedArguments.Stride : NamedArguments.None, Kernel: size, Stride: stride);

    public static LayerSpec Flatten() =>
        new(LayerKind.Flatten, Units: 0, ActivationKind.Identity, double.NaN, InitKind.GlorotUniform, 0, 0, 0, UseBias: false);

    /// <summary>Conv2D and MaxPool2D: the layers that work on images.</summary>
    public bool IsImageLayer => Kind is LayerKind.Conv2D or LayerKind.MaxPool2D;

    /// <summary>MaxPool2D's stride: the window's size unless written.</summary>
    public int PoolStride => Stride == 0 && (Written & NamedArguments.Stride) == 0 ? Kernel : Stride;
}

/// <summary>The optional named arguments of <c>[Dense]</c>, as flags: which ones a declaration writes.</summary>
[Flags]
internal enum NamedArguments
{
    None = 0,
    Init = 1,
    Alpha = 2,
    Mean = 4,
    StdDev = 8,
    BiasInit = 16,
    Stride = 32,
}
