using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// How each activation is written in generated code: its formula for comments, how it is fused into
/// a matrix kernel's store, and the expression of its derivative in the backward pass.
/// </summary>
internal static class ActivationMath
{
    /// <summary>The activation's name in summaries, e.g. <c>LeakyReLU(0.01)</c>.</summary>
    public static string Name(DensePlan layer) => layer.Activation switch
    {
        ActivationKind.LeakyReLU or ActivationKind.ELU => $"{layer.Activation}({Literals.Number(layer.Alpha)})",
        _ => layer.Activation.ToString(),
    };

    /// <summary>The forward formula of a_k from z_k, for the comment over the kernel.</summary>
    public static string Formula(DensePlan layer)
    {
        string a = $"a{layer.Index}[b, j]", z = $"z{layer.Index}[b, j]";
        return layer.Activation switch
        {
            ActivationKind.Identity => $"{a} = {z}",
            ActivationKind.Sigmoid => $"{a} = 1 / (1 + exp(-{z}))",
            ActivationKind.Tanh => $"{a} = tanh({z})",
            ActivationKind.ReLU => $"{a} = max(0, {z})",
            ActivationKind.LeakyReLU => $"{a} = {z} > 0 ? {z} : {Literals.Number(layer.Alpha)} * {z}",
            ActivationKind.ELU => $"{a} = {z} > 0 ? {z} : {Literals.Number(layer.Alpha)} * (exp({z}) - 1)",
            ActivationKind.Step => $"{a} = {z} > 0 ? 1 : 0",
            ActivationKind.Sign => $"{a} = {z} > 0 ? 1 : -1",
            ActivationKind.PReLU => $"{a} = {z} > 0 ? {z} : slope{layer.Index}[j] * {z}",
            _ => $"{a} = exp({z}) / sum_k exp(z{layer.Index}[b, k])",
        };
    }

    /// <summary>
    /// True when the activation is applied to each accumulator as it is stored (one vector
    /// instruction); otherwise it runs over the finished rows of the tile while they are in cache.
    /// </summary>
    public static bool FusedIntoStore(ActivationKind activation) =>
        activation is ActivationKind.Identity or ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Step or ActivationKind.Sign;

    /// <summary>The stored vector for accumulator <paramref name="s"/> (only for <see cref="FusedIntoStore"/>), spelled for <paramref name="syntax"/> (portable by default).</summary>
    public static string VectorStore(DensePlan layer, string s, VectorSyntax? syntax = null)
    {
        VectorSyntax v = syntax ?? VectorSyntax.Portable;
        return layer.Activation switch
        {
            ActivationKind.ReLU => v.Max(s, v.Zero),
            ActivationKind.LeakyReLU => v.WherePositive(s, s, v.Scale(s, Literals.Float(layer.Alpha))),
            ActivationKind.Step => v.WherePositive(s, v.One, v.Zero),
            ActivationKind.Sign => v.WherePositive(s, v.One, v.MinusOne),
            _ => s,
        };
    }

    /// <summary>The stored scalar for accumulator <paramref name="t"/> (only for <see cref="FusedIntoStore"/>).</summary>
    public static string ScalarStore(DensePlan layer, string t) => layer.Activation switch
    {
        ActivationKind.ReLU => $"MathF.Max({t}, 0f)",
        ActivationKind.LeakyReLU => $"{t} > 0f ? {t} : {Literals.Float(layer.Alpha)} * {t}",
        ActivationKind.Step => $"{t} > 0f ? 1f : 0f",
        ActivationKind.Sign => $"{t} > 0f ? 1f : -1f",
        _ => t,
    };

    /// <summary>The call that applies a non-fused activation to <paramref name="rows"/> (a span expression) in place.</summary>
    public static string RowsCall(DensePlan layer, string zRows, string aRows) => layer.Activation switch
    {
        ActivationKind.Sigmoid => $"Activations.Sigmoid({aRows}, {aRows});",
        ActivationKind.Tanh => $"Activations.Tanh({aRows}, {aRows});",
        ActivationKind.ELU => $"Activations.Elu({zRows}, {aRows}, {Literals.Float(layer.Alpha)});",
        ActivationKind.PReLU => $"PRelu.Forward({zRows}, slope{layer.Index}, {aRows});",
        _ => "",
    };

    /// <summary>The derivative's formula for comments, e.g. <c>relu'(a) = a &gt; 0 ? 1 : 0</c>.</summary>
    public static string DerivativeFormula(DensePlan layer) => layer.Activation switch
    {
        ActivationKind.Identity => "identity'(z) = 1",
        ActivationKind.Sigmoid => "sigmoid'(z) = a * (1 - a)",
        ActivationKind.Tanh => "tanh'(z) = 1 - a * a",
        ActivationKind.ReLU => "relu'(z) = a > 0 ? 1 : 0",
        ActivationKind.LeakyReLU => $"leaky_relu'(z) = z > 0 ? 1 : {Literals.Number(layer.Alpha)}",
        ActivationKind.ELU => $"elu'(z) = z > 0 ? 1 : a + {Literals.Number(layer.Alpha)}",
        ActivationKind.Step => "step'(z) = 0 (wherever defined: no gradient passes; train with the perceptron rule)",
        ActivationKind.Sign => "sign'(z) = 0 (wherever defined: no gradient passes; train with the perceptron rule)",
        ActivationKind.PReLU => $"prelu'(z) = z > 0 ? 1 : slope{layer.Index}[i], applied after this kernel with the slopes' gradient (this kernel leaves dL/da{layer.Index})",
        _ => "softmax'(z): ds -> s * (ds - sum_k ds_k * s_k), per row",
    };

    /// <summary>
    /// dL/dz for one element given the incoming gradient <paramref name="g"/> = dL/da and the layer's
    /// stored activation <paramref name="a"/> and pre-activation <paramref name="z"/> (expressions).
    /// </summary>
    public static string Derivative(DensePlan layer, string g, string a, string z) => layer.Activation switch
    {
        ActivationKind.Sigmoid => $"{g} * {a} * (1f - {a})",
        ActivationKind.Tanh => $"{g} * (1f - {a} * {a})",
        ActivationKind.ReLU => $"{a} > 0f ? {g} : 0f",
        ActivationKind.LeakyReLU => $"{z} > 0f ? {g} : {Literals.Float(layer.Alpha)} * {g}",
        ActivationKind.ELU => $"{z} > 0f ? {g} : {g} * ({a} + {Literals.Float(layer.Alpha)})",
        ActivationKind.Step or ActivationKind.Sign => "0f",
        _ => g,
    };

    /// <summary>
    /// <see cref="Derivative"/> for whole vectors: dL/dz for <paramref name="g"/> = dL/da with the layer's
    /// activation <paramref name="a"/> and pre-activation <paramref name="z"/> (vector expressions).
    /// </summary>
    public static string VectorDerivative(DensePlan layer, string g, string a, string z, VectorSyntax? syntax = null)
    {
        VectorSyntax v = syntax ?? VectorSyntax.Portable;
        return layer.Activation switch
        {
            ActivationKind.Sigmoid => v.Multiply(v.Multiply(g, a), v.Subtract(v.One, a)),
            ActivationKind.Tanh => v.Multiply(g, v.Subtract(v.One, v.Multiply(a, a))),
            ActivationKind.ReLU => v.WherePositive(a, g, v.Zero),
            ActivationKind.LeakyReLU => v.WherePositive(z, g, v.Scale(g, Literals.Float(layer.Alpha))),
            ActivationKind.ELU => v.WherePositive(z, g, v.Multiply(g, v.Add(a, v.Constant(Literals.Float(layer.Alpha))))),
            ActivationKind.Step or ActivationKind.Sign => v.Zero,
            _ => g,
        };
    }

    /// <summary>
    /// Whether <see cref="Derivative"/> reads the pre-activation z. PReLU keeps z too, but its derivative (with its slopes'
    /// gradient) runs after the kernel, so the kernel passes dL/da through as it is (see PReluEmitter).
    /// </summary>
    public static bool DerivativeReadsZ(ActivationKind activation) =>
        activation is ActivationKind.LeakyReLU or ActivationKind.ELU;

    /// <summary>Whether <see cref="Derivative"/> reads the activation a.</summary>
    public static bool DerivativeReadsA(ActivationKind activation) =>
        activation is ActivationKind.Sigmoid or ActivationKind.Tanh or ActivationKind.ReLU or ActivationKind.ELU;
}
