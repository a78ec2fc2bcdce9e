using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits what PReLU adds to a network: its learned slopes (one per unit, after the layer's bias in Parameters)
/// and their backward pass. The forward activation runs inside the layer's forward kernel (ActivationMath.RowsCall);
/// the backward pass needs dL/da and z together to give both the slopes' gradient and dL/dz, so it runs as a pass
/// of its own before the layer's weight gradients, where the kernels before it have left dL/da.
/// </summary>
internal static class PReluEmitter
{
    private const string Kernel = NetworkEmitter.Runtime + ".Kernels.PRelu";

    // The constructor's line setting the slopes to their initial value:
    // _parameters.Slice(S2, N2).Fill(0.25f); // slope2: PReLU's initial slope
    public static void EmitInitialSlopes(SourceWriter w, DensePlan layer)
    {
        w.Line($"// slope{layer.Index}: every PReLU slope starts at {Literals.Number(layer.Alpha)}{(layer.Alpha == 0.25 ? " (PyTorch's nn.PReLU default)" : " (the layer's Alpha)")}.");
        w.Line($"_parameters.Slice({layer.S}, {layer.Out}).Fill({Literals.Float(layer.Alpha)});");
    }

    // Layer 2's PReLU, from dL/da2 (left in _dZ2 by layer 3's input gradient):
    // PRelu.Backward(Rows(_dZ2, batch * N2), Rows(_z2, batch * N2), Parameter(S2, N2), Gradient(S2, N2), Rows(_dZ2, batch * N2));
    public static void EmitBackward(SourceWriter w, NetworkPlan plan, DensePlan layer)
    {
        int k = layer.Index;
        string rows = $"batch * {layer.Out}";
        string dZ = $"Rows(_dZ{k}, {rows})";
        string dA = layer == plan.Output ? $"Rows(_dA, {rows})" : dZ;
        string from = layer == plan.Output ? "the loss's dL/da" + k : $"dL/da{k}, which the input gradient left in dZ{k}" + (plan.Layers[k].HasDropout ? " (dropout applied)" : "");
        w.Line($"// Layer {k}'s PReLU, from {from}:");
        w.Line($"// dslope{k}[j] = sum_b dA{k}[b, j] * min(z{k}[b, j], 0), then dZ{k}[b, j] = dA{k}[b, j] * (z{k}[b, j] > 0 ? 1 : slope{k}[j]).");
        w.Line("// On the calling thread, rows in order: the slopes' sums are the same bits at any Threads.");
        w.Line($"{Kernel}.Backward({dA}, Rows(_z{k}, {rows}), Parameter({layer.S}, {layer.Out}), Gradient({layer.S}, {layer.Out}), {dZ});");
    }
}
