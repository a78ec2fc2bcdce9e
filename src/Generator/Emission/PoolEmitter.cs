using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits a max-pooling stage's kernels, one sample per call: the forward pass keeps, for each output, where in the input
/// its maximum was; the backward pass routes each output's gradient to that input alone.
/// </summary>
internal static class PoolEmitter
{
    public static void Emit(SourceWriter w, StagePlan stage)
    {
        int s = stage.Index;
        string input = stage.IsFirst ? "x" : $"map{s - 1}", output = stage.IsLast ? "a0" : $"map{s}";
        w.Line($"/// <summary>Stage {s} forward, one sample: {ImageEmitter.Describe(stage)}; {stage.Input} -> {stage.Output}.</summary>");
        w.Line($"// {output}[c, oy, ox] = max over i, j < K of {input}[c, oy * S + i, ox * S + j]");
        w.Line($"// argmax{s}[c, oy, ox] = the index in {input} of that maximum (the first, on a tie), for the backward pass");
        using (w.OpenBlock($"public static void Pool{s}Forward(ReadOnlySpan<float> {input}, Span<float> {output}, Span<int> argmax{s})"))
        {
            var body = new SourceWriter();
            body.Lines($$"""
                ref float source = ref MemoryMarshal.GetReference({{input}});
                ref float result = ref MemoryMarshal.GetReference({{output}});
                ref int argmax = ref MemoryMarshal.GetReference(argmax{{s}});
                int o = 0;
                for (int c = 0; c < C; c++)
                {
                    for (int oy = 0; oy < OH; oy++)
                    {
                        for (int ox = 0; ox < OW; ox++, o++)
                        {
                            int best = (c * H + oy * S) * W + ox * S;
                            float max = Unsafe.Add(ref source, best);
                            for (int i = 0; i < K; i++)
                            {
                                for (int j = 0; j < K; j++)
                                {
                                    int at = (c * H + oy * S + i) * W + ox * S + j;
                                    float value = Unsafe.Add(ref source, at);
                                    if (value > max)
                                    {
                                        max = value;
                                        best = at;
                                    }
                                }
                            }

                            Unsafe.Add(ref result, o) = max;
                            Unsafe.Add(ref argmax, o) = best;
                        }
                    }
                }
                """);
            Sizes(stage).Emit(w, body);
        }

        if (stage.IsFirst)
        {
            // A pool on the network's input passes its gradient to nothing learned: no backward kernel.
            return;
        }

        w.Line();
        w.Line($"/// <summary>Stage {s} backward, one sample: d{input} from d{output}, each gradient routed to the input that was its maximum.</summary>");
        w.Line($"// d{input}[i] = sum of d{output}[o] over the outputs o with argmax{s}[o] = i; 0 for inputs that were no window's maximum");
        using (w.OpenBlock($"public static void Pool{s}Backward(ReadOnlySpan<float> d{output}, ReadOnlySpan<int> argmax{s}, Span<float> d{input})"))
        {
            w.Line($"const int Outputs = {stage.Output.Size};");
            w.Lines($$"""
                d{{input}}.Clear();
                ref float gradient = ref MemoryMarshal.GetReference(d{{output}});
                ref int argmax = ref MemoryMarshal.GetReference(argmax{{s}});
                ref float result = ref MemoryMarshal.GetReference(d{{input}});
                for (int o = 0; o < Outputs; o++)
                {
                    Unsafe.Add(ref result, Unsafe.Add(ref argmax, o)) += Unsafe.Add(ref gradient, o);
                }
                """);
        }
    }

    /// <summary>The stage's sizes as the forward kernel's local constants (those its body uses are written before it).</summary>
    private static LocalConstants Sizes(StagePlan stage) =>
        new LocalConstants()
            .Add("input maps", "C", Number(stage.Input.Channels)).Add("input maps", "H", Number(stage.Input.Height)).Add("input maps", "W", Number(stage.Input.Width))
            .Add("output maps, C of them", "OH", Number(stage.Output.Height)).Add("output maps, C of them", "OW", Number(stage.Output.Width))
            .Add("window, stride", "K", Number(stage.Window)).Add("window, stride", "S", Number(stage.Stride));

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
