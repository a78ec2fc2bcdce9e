using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Emission;
using Compiled.Generator.Model;

namespace Compiled.Generator.Planning;

/// <summary>A per-sample work buffer of the network: a field of [maxBatch, width] floats allocated by the constructor.</summary>
/// <param name="Field">The field's name, e.g. <c>_a1</c>.</param>
/// <param name="Width">The row width as a constant's name, e.g. <c>N1</c>, or <c>0</c> for a buffer a plan does not use (allocated empty).</param>
/// <param name="Meaning">What it holds, for the comment beside the field.</param>
internal sealed record WorkBuffer(string Field, string Width, string Meaning)
{
    /// <summary>Every work buffer a plan needs, in the order the forward and backward passes use them.</summary>
    public static IReadOnlyList<WorkBuffer> For(NetworkPlan plan)
    {
        // No copy of the inputs: the parts of a split pass read the caller's span, which WorkerPool.Run hands them.
        var buffers = new List<WorkBuffer>();
        foreach (DensePlan layer in plan.Layers)
        {
            int k = layer.Index;
            if (layer.HasDropout)
            {
                string previous = layer.IsFirst ? "x" : $"a{k - 1}";
                buffers.Add(new($"_m{k}", layer.In, $"dropout mask on {previous}: 0, or 1 / (1 - {Literals.Number(layer.InputDropout)}) for a kept unit"));
                buffers.Add(new($"_h{k}", layer.In, $"h{k} = {previous} * m{k}: layer {k}'s input while Training"));
            }

            if (layer.KeepsPreActivation)
            {
                buffers.Add(new($"_z{k}", layer.Out, $"z{k}, kept for {ActivationMath.Name(layer)}'s derivative"));
            }

            string activation = layer.Activation switch
            {
                ActivationKind.Identity => $"a{k} = z{k}",
                ActivationKind.Softmax => $"a{k} = softmax(z{k})",
                ActivationKind.LeakyReLU or ActivationKind.ELU => $"a{k} = {layer.Activation}(z{k}), alpha {Literals.Number(layer.Alpha)}",
                ActivationKind.PReLU => $"a{k} = PReLU(z{k}) with the learned slopes slope{k}",
                _ => $"a{k} = {layer.Activation}(z{k})",
            };
            buffers.Add(new($"_a{k}", layer.Out, activation + (layer == plan.Output ? ": the network's outputs" : "")));
        }

        foreach (DensePlan layer in plan.Layers)
        {
            buffers.Add(new($"_dZ{layer.Index}", layer.Out, $"dL/dz{layer.Index}"));
        }

        // Written and read one layer at a time, so one buffer as wide as the widest layer that packs its deltas serves
        // them all; empty when none does (every layer's tiles then read dZk in place).
        DensePlan? widest = plan.Layers.Where(KernelEmitter.PacksDeltas).OrderByDescending(layer => layer.Units).FirstOrDefault();
        buffers.Add(widest is null
            ? new("_dZPanels", "0", "unused: no layer packs its deltas (each reads dZk in place)")
            : new("_dZPanels", widest.Out, "dZk of the layer being back-propagated, packed into panels of columns for its weight gradients"));

        if (plan.NeedsOutputGradient)
        {
            buffers.Add(new("_dA", plan.Output.Out, $"dL/da{plan.Output.Index} from the loss, before the output activation's derivative"));
        }

        buffers.Add(new("_targets", plan.Output.Out, "target rows built from class labels"));
        return buffers;
    }

    /// <summary>The buffer that holds the network's outputs after a forward pass.</summary>
    public static string OutputField(NetworkPlan plan) => $"_a{plan.Output.Index}";
}
