using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits the <c>Summary</c> constant: the layers as Keras's <c>model.summary()</c> lists them, one line each with its
/// name (as in model files), output shape of one sample and parameter count, then the total.
/// </summary>
internal static class SummaryEmitter
{
    /// <summary>The summary's lines: a header, the input, each layer, the total.</summary>
    public static IReadOnlyList<string> Lines(NetworkPlan plan)
    {
        var rows = new List<(string Layer, string Shape, long Parameters)>();
        NetworkSpec spec = plan.Spec;
        string shape = spec.Image?.ToString() ?? Count(spec.Inputs);
        rows.Add(("input", shape, 0));
        int stage = 0, dense = 0, dropouts = 0, flattens = 0;
        foreach (LayerSpec layer in spec.Layers)
        {
            switch (layer.Kind)
            {
                case LayerKind.Conv2D or LayerKind.MaxPool2D:
                    StagePlan s = plan.Image!.Stages[stage++];
                    shape = s.Output.ToString();
                    rows.Add(($"{s.Name} ({layer.Kind})", shape, s.ParameterCount));
                    break;
                case LayerKind.Flatten:
                    shape = Count(stage == 0 ? spec.Inputs : plan.Image!.Features);
                    flattens++;
                    rows.Add(($"flatten{(flattens > 1 ? flattens.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")} (Flatten)", shape, 0));
                    break;
                case LayerKind.Dropout:
                    rows.Add(($"dropout{++dropouts} (Dropout)", shape, 0));
                    break;
                default:
                    DensePlan d = plan.Layers[dense++];
                    shape = Count(d.Units);
                    // W, b and PReLU's slopes.
                    rows.Add(($"fc{d.Index} (Dense)", shape, (long)d.Inputs * d.Units + (d.HasBias ? d.Units : 0) + (d.LearnsSlopes ? d.Units : 0)));
                    break;
            }
        }

        int nameWidth = System.Math.Max("Layer".Length, rows.Max(r => r.Layer.Length)) + 3;
        int shapeWidth = System.Math.Max("Output shape".Length, rows.Max(r => r.Shape.Length)) + 3;
        int countWidth = System.Math.Max("Parameters".Length, rows.Max(r => Literals.Count(r.Parameters).Length));
        var lines = new List<string> { "Layer".PadRight(nameWidth) + "Output shape".PadRight(shapeWidth) + "Parameters".PadLeft(countWidth) };
        lines.AddRange(rows.Select(r => r.Layer.PadRight(nameWidth) + r.Shape.PadRight(shapeWidth) + Literals.Count(r.Parameters).PadLeft(countWidth)));
        lines.Add($"Total parameters: {Literals.Count(plan.ParameterCount)}");
        return lines;
    }

    // /// <summary>...</summary>
    // public const string Summary =
    //     "Layer ...\n" +
    //     ...
    //     "Total parameters: 421,642";
    public static void Emit(SourceWriter w, NetworkPlan plan)
    {
        IReadOnlyList<string> lines = Lines(plan);
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The layers, one line each with its name (as in model files), the output shape of one sample and its parameter");
        w.Line("/// count, then the total: what Keras's <c>model.summary()</c> prints.");
        w.Line("/// </summary>");
        w.Line("public const string Summary =");
        for (int i = 0; i < lines.Count; i++)
        {
            bool last = i == lines.Count - 1;
            w.Line($"    \"{lines[i]}{(last ? "\";" : "\\n\" +")}");
        }
    }

    private static string Count(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
