using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits the members that split a pass across threads: the <c>Threads</c> setting, the decision to split,
/// and <c>IParallelWork.Execute</c>, which runs one part (a range of rows, or of a weight matrix's
/// rows) of one kernel. Workers come from the runtime's shared <c>WorkerPool</c>; nothing is allocated per call.
/// </summary>
internal static class ParallelEmitter
{
    public const string Interface = NetworkEmitter.Runtime + ".Threading.IParallelWork";
    private const string Pool = NetworkEmitter.Runtime + ".Threading.WorkerPool";

    /// <summary>Parts of a split pass are whole tiles of this many rows (the kernels' register tile).</summary>
    private const int TileRows = 6;

    /// <summary>The kernels a pass can split, in the order the passes call them.</summary>
    public static IEnumerable<(string Name, DensePlan Layer)> Kernels(NetworkPlan plan)
    {
        foreach (DensePlan layer in plan.Layers)
        {
            yield return ($"Dense{layer.Index}PackWeights", layer);
            yield return ($"Dense{layer.Index}Forward", layer);
        }

        for (int index = plan.Layers.Count - 1; index >= 0; index--)
        {
            DensePlan layer = plan.Layers[index];
            yield return ($"Dense{layer.Index}WeightGradients", layer);
            if (!layer.IsFirst)
            {
                yield return ($"Dense{layer.Index}PackTransposedWeights", layer);
                yield return ($"Dense{layer.Index}InputGradient", layer);
            }
        }
    }

    /// <summary>
    /// The layer's input for all the batch's rows, inside Execute: <c>input</c> (the caller's span, which the pool hands to
    /// every part) for the first layer, else <c>_a(k-1)</c>; h_k instead while Training when the layer drops its inputs.
    /// </summary>
    private static string WholeInput(DensePlan layer)
    {
        string all = layer.IsFirst ? "input" : $"Rows(_a{layer.Index - 1}, batch * {layer.In})";
        return layer.HasDropout ? $"(Training ? Rows(_h{layer.Index}, batch * {layer.In}) : {all})" : all;
    }

    /// <summary>The layer's input for rows [start, start + rows) of the batch, inside Execute (see <see cref="WholeInput"/>).</summary>
    private static string InputRows(DensePlan layer)
    {
        string some = layer.IsFirst ? $"input.Slice(start * {layer.In}, rows * {layer.In})" : $"RowsAt(_a{layer.Index - 1}, start, rows, {layer.In})";
        return layer.HasDropout ? $"(Training ? RowsAt(_h{layer.Index}, start, rows, {layer.In}) : {some})" : some;
    }

    public static void EmitMembers(SourceWriter w, NetworkPlan plan)
    {
        string kernels = $"global::Compiled.Generated.{KernelEmitter.ClassName(plan.Spec)}";
        string perSample = string.Join(" + ", ImageEmitter.MultiplyAddTerms(plan).Concat(plan.Layers.Select(l => $"(long){l.In} * {l.Out}")));
        w.Lines($$"""
            // Multiply-adds of one sample's forward pass, and the least work of a pass worth splitting across
            // threads: below it, handing out the parts costs more than it saves.
            private const long MultiplyAddsPerSample = {{perSample}};
            private const long ParallelFrom = 1L << 18;

            /// <summary>
            /// The most threads one call may use, at least 1; every logical processor by default. A batch of at
            /// least {{2 * TileRows}} samples with enough work is split by rows (weight gradients by inputs) across the
            /// runtime's shared worker pool; single samples and small batches run on the calling thread. Results do
            /// not depend on it: each value is computed by one thread, in the same order.
            /// </summary>
            /// <exception cref="global::System.ArgumentOutOfRangeException">The value is below 1.</exception>
            public int Threads
            {
                get => _threads;
                set
                {
                    if (value < 1)
                    {
                        throw new global::System.ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
                    }

                    _threads = value;
                }
            }

            // How many parts a pass over `batch` samples splits into: 1 (the calling thread alone) unless Threads
            // allows more, the batch holds two tiles of {{TileRows}} rows, and the work is worth it.
            private int PartsFor(int batch) =>
                _threads > 1 && batch >= {{2 * TileRows}} && batch * MultiplyAddsPerSample >= ParallelFrom
                    ? global::System.Math.Min(_threads, {{Pool}}.Shared.Threads)
                    : 1;

            // Runs one kernel in `parts` parts: part 0 on the calling thread, the others on the shared workers. Every part
            // reads `input` (the caller's batch, for the kernels of the first layer) where it is, without a copy.
            private void Run(ParallelKernel kernel, int batch, int parts, global::System.ReadOnlySpan<float> input = default)
            {
                _kernel = kernel;
                _batch = batch;
                _parts = parts;
                if (parts == 1)
                {
                    (({{Interface}})this).Execute(0, input);
                }
                else
                {
                    {{Pool}}.Shared.Run(this, parts, input);
                }
            }

            // Part `part` of `parts` of `count` rows, cut at multiples of `unit` so that only the last part can end in a
            // partial unit: tiles of {{TileRows}} rows for the kernels (a padded tile), whole panels for the transposed packing.
            private static void PartOf(int count, int part, int parts, int unit, out int start, out int length)
            {
                int units = (count + unit - 1) / unit;
                start = global::System.Math.Min(part * units / parts * unit, count);
                length = global::System.Math.Min((part + 1) * units / parts * unit, count) - start;
            }

            // The kernels a pass can split.
            private enum ParallelKernel
            {
            """);
        foreach (string name in ImageEmitter.ParallelKernels(plan).Concat(Kernels(plan).Select(kernel => kernel.Name)))
        {
            w.Line($"    {name},");
        }

        w.Line("}");
        w.Line();
        w.Line("// One part of the kernel Run was given: rows [start, start + rows) of the batch for the forward and");
        w.Line("// input-gradient kernels, rows [start, start + rows) of dWk (inputs i) for the weight gradients, and");
        w.Line("// rows of Wk (inputs i) for the packing of its panels. `input` is the span Run was given.");
        using (w.OpenBlock($"void {Interface}.Execute(int part, global::System.ReadOnlySpan<float> input)"))
        {
            w.Line("int batch = _batch;");
            w.Line("int start, rows;");
            using (w.OpenBlock("switch (_kernel)"))
            {
                ImageEmitter.EmitParallelCases(w, plan);
                foreach ((string name, DensePlan layer) in Kernels(plan))
                {
                    int k = layer.Index;
                    string weights = $"Parameter({layer.W}, {layer.In} * {layer.Out})";
                    using var block = w.OpenBlock($"case ParallelKernel.{name}:");
                    if (name.EndsWith("PackWeights") || name.EndsWith("PackTransposedWeights"))
                    {
                        // Rows of Wk (inputs i); a transposed part ends on a whole panel.
                        int unit = name.EndsWith("PackWeights") ? 1 : KernelEmitter.TransposedPanelAlignment;
                        w.Line($"PartOf({layer.In}, part, _parts, {unit}, out start, out rows);");
                        w.Line($"{kernels}.{name}({weights}, _panels.Span, start, start + rows);");
                    }
                    else if (name.EndsWith("WeightGradients"))
                    {
                        w.Line($"PartOf({layer.In}, part, _parts, {TileRows}, out start, out rows);");
                        w.Line($"{kernels}.{name}({WholeInput(layer)}, Rows(_dZ{k}, batch * {layer.Out}), {KernelEmitter.DeltaPanelsArgument(layer)}Gradient({layer.W}, {layer.In} * {layer.Out}), batch, start, start + rows);");
                    }
                    else if (name.EndsWith("Forward"))
                    {
                        string z = layer.KeepsPreActivation ? $"RowsAt(_z{k}, start, rows, {layer.Out}), " : "";
                        w.Line($"PartOf(batch, part, _parts, {TileRows}, out start, out rows);");
                        w.Line($"{kernels}.{name}({InputRows(layer)}, {weights}, _panels.Span, {ForwardEmitter.BiasArgument(layer)}{ForwardEmitter.SlopeArgument(layer)}{z}RowsAt(_a{k}, start, rows, {layer.Out}), rows);");
                    }
                    else
                    {
                        DensePlan previous = plan.Previous(layer);
                        var arguments = new List<string> { $"RowsAt(_dZ{k}, start, rows, {layer.Out})", weights, "_panels.Span" };
                        if (ActivationMath.DerivativeReadsA(previous.Activation))
                        {
                            arguments.Add($"RowsAt(_a{k - 1}, start, rows, {layer.In})");
                        }

                        if (ActivationMath.DerivativeReadsZ(previous.Activation))
                        {
                            arguments.Add($"RowsAt(_z{k - 1}, start, rows, {layer.In})");
                        }

                        arguments.Add($"RowsAt(_dZ{k - 1}, start, rows, {layer.In})");
                        arguments.Add("rows");
                        w.Line($"PartOf(batch, part, _parts, {TileRows}, out start, out rows);");
                        w.Line($"{kernels}.{name}({string.Join(", ", arguments)});");
                    }

                    w.Line("break;");
                }
            }
        }
    }
}
