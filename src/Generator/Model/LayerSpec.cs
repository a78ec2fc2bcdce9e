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
/// <param name="Written">Dense: the named arguments the attribute writes out (the others hold their defaults).</param>
/// <param name="BiasInit">Dense: bias initializer (<see cref="InitKind.Zeros"/> unless the attribute sets BiasInit).</param>
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
    InitKind BiasInit = InitKind.Zeros)
{
    public static LayerSpec Dense(int units, ActivationKind activation, InitKind init, double alpha, double mean, double stdDev, NamedArguments written = NamedArguments.None, bool useBias = true, InitKind biasInit = InitKind.Zeros) =>
        new(LayerKind.Dense, units, activation, alpha, init, mean, stdDev, Rate: 0, useBias, written, biasInit);

    public static LayerSpec Dropout(double rate) =>
        new(LayerKind.Dropout, Units: 0, ActivationKind.Identity, double.NaN, InitKind.GlorotUniform, 0, 0, rate, UseBias: false);
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
}
