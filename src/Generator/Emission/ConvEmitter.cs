using System;
using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits a convolution stage's kernels, one sample per call: im2col (the input's patches as the columns of a matrix),
/// the forward product of the kernel with it, and the backward pass (the activation's derivative, the kernel's gradient,
/// and, unless the stage reads the network's input, the gradient of its input through col2im). Every size is a local
/// constant; the matrix products keep a register tile of <see cref="TileRows"/> rows x 2 vectors. The backward pass works
/// on the transposed im2col matrix (a row per output pixel), so that both its products read contiguous patch rows.
/// </summary>
internal static class ConvEmitter
{
    /// <summary>Rows of the register tile (filters forward, patch rows backward): 8 accumulators with 2 vectors.</summary>
    private const int TileRows = 4;

    /// <summary>The widest Vector&lt;float&gt; (512-bit): a multiple of it needs no scalar tail at any width.</summary>
    private const int WidestVector = 16;

    /// <summary>The narrowest Vector&lt;float&gt; (128-bit).</summary>
    private const int NarrowestVector = 4;

    public static void Emit(SourceWriter w, StagePlan stage)
    {
        EmitColumns(w, stage);
        w.Line();
        EmitForward(w, stage);
        w.Line();
        EmitTransposedColumns(w, stage, back: false);
        w.Line();
        if (!stage.IsFirst)
        {
            EmitTransposedColumns(w, stage, back: true);
            w.Line();
        }

        EmitBackward(w, stage);
    }

    /// <summary>The input's name in a stage's kernels: x, or the previous stage's maps map(s-1).</summary>
    private static string InputName(StagePlan stage) => stage.IsFirst ? "x" : $"map{stage.Index - 1}";

    /// <summary>The stage's sizes as a kernel's local constants (those its body uses are written before it).</summary>
    private static LocalConstants Sizes(StagePlan stage) =>
        new LocalConstants()
            .Add("input maps", "C", Number(stage.Input.Channels)).Add("input maps", "H", Number(stage.Input.Height)).Add("input maps", "W", Number(stage.Input.Width))
            .Add("output maps", "F", Number(stage.Filters)).Add("output maps", "OH", Number(stage.Output.Height)).Add("output maps", "OW", Number(stage.Output.Width))
            .Add("kernel, stride, zeros above and left", "K", Number(stage.Window)).Add("kernel, stride, zeros above and left", "S", Number(stage.Stride))
            .Add("kernel, stride, zeros above and left", "PadTop", Number(stage.PadTop)).Add("kernel, stride, zeros above and left", "PadLeft", Number(stage.PadLeft))
            .Add("im2col: patch rows, output pixels", "R", "C * K * K").Add("im2col: patch rows, output pixels", "P", "OH * OW");

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // /// <summary>Stage 1 im2col, one sample ...</summary>
    // public static void Conv1Columns(ReadOnlySpan<float> x, Span<float> columns)
    private static void EmitColumns(SourceWriter w, StagePlan stage)
    {
        int s = stage.Index;
        string input = InputName(stage);
        w.Line($"/// <summary>Stage {s} im2col, one sample: the patches of {input} that {stage.Name}'s kernel visits, as the columns of a [R, P] matrix.</summary>");
        w.Line($"// columns[(c * K + ki) * K + kj, oy * OW + ox] = {input}[c, oy * S + ki - PadTop, ox * S + kj - PadLeft]{(stage.HasPadding ? ", 0 in the padding" : "")}");
        using (w.OpenBlock($"public static void Conv{s}Columns(ReadOnlySpan<float> {input}, Span<float> columns)"))
        {
            SourceWriter outer = w;
            w = new SourceWriter(); // the body, written apart: Sizes writes the constants it uses before it
            w.Line($"ref float image = ref MemoryMarshal.GetReference({input});");
            w.Line("ref float patches = ref MemoryMarshal.GetReference(columns);");
            EmitPatchLoops(w, stage, (wr, from, to) =>
            {
                if (stage.Stride == 1)
                {
                    // A run of contiguous input: vectors, then the run's tail.
                    wr.Line($"int ox = {from};");
                    using (wr.OpenBlock($"for (; ox <= {to} - Vector<float>.Count; ox += Vector<float>.Count)"))
                    {
                        wr.Line("Vector.LoadUnsafe(ref imageRow, (nuint)(ox + kj - PadLeft)).StoreUnsafe(ref columnsRow, (nuint)ox);");
                    }

                    wr.Line();
                    using (wr.OpenBlock($"for (; ox < {to}; ox++)"))
                    {
                        wr.Line("Unsafe.Add(ref columnsRow, ox) = Unsafe.Add(ref imageRow, ox + kj - PadLeft);");
                    }
                }
                else
                {
                    using (wr.OpenBlock($"for (int ox = {from}; ox < {to}; ox++)"))
                    {
                        wr.Line("Unsafe.Add(ref columnsRow, ox) = Unsafe.Add(ref imageRow, ox * S + kj - PadLeft);");
                    }
                }
            }, zeroOutside: true);
            Sizes(stage).Emit(outer, w);
            w = outer;
        }
    }

    // /// <summary>Stage 3 im2col, transposed, one sample ...</summary>
    // public static void Conv3ColumnsTransposed(ReadOnlySpan<float> map2, Span<float> columnsT)
    // /// <summary>Stage 3 col2im, one sample ...</summary>
    // public static void Conv3ColumnsBack(ReadOnlySpan<float> dColumnsT, Span<float> dmap2)
    private static void EmitTransposedColumns(SourceWriter w, StagePlan stage, bool back)
    {
        int s = stage.Index;
        string input = InputName(stage);
        bool rowsPadded = stage.PadTop > 0 || stage.PaddedBottom > 0, columnsPadded = stage.PadLeft > 0 || stage.PaddedRight > 0;
        if (back)
        {
            w.Line($"/// <summary>Stage {s} col2im, one sample: d{input} from dL/dcolumnsT, each input element summing the entries of the patches that read it.</summary>");
            w.Line($"// d{input}[c, oy * S + ki - PadTop, ox * S + kj - PadLeft] += dColumnsT[oy * OW + ox, (c * K + ki) * K + kj]   (inside the image)");
        }
        else
        {
            w.Line($"/// <summary>Stage {s} im2col, transposed, one sample: row p of columnsT is the patch of {input} that output pixel p reads.</summary>");
            w.Line($"// columnsT[oy * OW + ox, (c * K + ki) * K + kj] = {input}[c, oy * S + ki - PadTop, ox * S + kj - PadLeft]{(stage.HasPadding ? ", 0 in the padding" : "")}");
        }

        string header = back
            ? $"public static void Conv{s}ColumnsBack(ReadOnlySpan<float> dColumnsT, Span<float> d{input})"
            : $"public static void Conv{s}ColumnsTransposed(ReadOnlySpan<float> {input}, Span<float> columnsT)";
        using (w.OpenBlock(header))
        {
            SourceWriter outer = w;
            w = new SourceWriter();
            if (back)
            {
                w.Line($"d{input}.Clear();");
            }

            w.Line($"ref float image = ref MemoryMarshal.GetReference({(back ? "d" : "")}{input});");
            w.Line($"ref float patches = ref MemoryMarshal.GetReference({(back ? "dColumnsT" : "columnsT")});");
            using (w.OpenBlock("for (int oy = 0; oy < OH; oy++)"))
            using (w.OpenBlock("for (int ox = 0; ox < OW; ox++)"))
            {
                w.Line("ref float patch = ref Unsafe.Add(ref patches, (oy * OW + ox) * R);");
                using (w.OpenBlock("for (int c = 0; c < C; c++)"))
                using (w.OpenBlock("for (int ki = 0; ki < K; ki++)"))
                {
                    w.Line("ref float patchRow = ref Unsafe.Add(ref patch, (c * K + ki) * K);");
                    w.Line("int iy = oy * S + ki - PadTop;");
                    if (rowsPadded)
                    {
                        using (w.OpenBlock("if ((uint)iy >= H)"))
                        {
                            if (!back)
                            {
                                w.Line("MemoryMarshal.CreateSpan(ref patchRow, K).Clear();");
                            }

                            w.Line("continue;");
                        }

                        w.Line();
                    }

                    w.Line("ref float imageRow = ref Unsafe.Add(ref image, (c * H + iy) * W);");
                    using (w.OpenBlock("for (int kj = 0; kj < K; kj++)"))
                    {
                        w.Line("int ix = ox * S + kj - PadLeft;");
                        if (back)
                        {
                            if (columnsPadded)
                            {
                                using (w.OpenBlock("if ((uint)ix < W)"))
                                {
                                    w.Line("Unsafe.Add(ref imageRow, ix) += Unsafe.Add(ref patchRow, kj);");
                                }
                            }
                            else
                            {
                                w.Line("Unsafe.Add(ref imageRow, ix) += Unsafe.Add(ref patchRow, kj);");
                            }
                        }
                        else
                        {
                            w.Line(columnsPadded
                                ? "Unsafe.Add(ref patchRow, kj) = (uint)ix < W ? Unsafe.Add(ref imageRow, ix) : 0f;"
                                : "Unsafe.Add(ref patchRow, kj) = Unsafe.Add(ref imageRow, ix);");
                        }
                    }
                }
            }

            Sizes(stage).Emit(outer, w);
            w = outer;
        }
    }

    /// <summary>
    /// The loops over a patch row r = (c, ki, kj) and output row oy shared by im2col and col2im: <c>imageRow</c> is row
    /// iy = oy * S + ki - PadTop of channel c of the image (<c>image</c>), <c>columnsRow</c> the columns' row r at oy (in
    /// <c>patches</c>). <paramref name="body"/> writes the loop over ox from the first to the last output column whose
    /// input column is inside the image.
    /// </summary>
    private static void EmitPatchLoops(SourceWriter w, StagePlan stage, Action<SourceWriter, string, string> body, bool zeroOutside)
    {
        using (w.OpenBlock("for (int c = 0; c < C; c++)"))
        using (w.OpenBlock("for (int ki = 0; ki < K; ki++)"))
        using (w.OpenBlock("for (int kj = 0; kj < K; kj++)"))
        {
            w.Line("ref float patchRow = ref Unsafe.Add(ref patches, ((c * K + ki) * K + kj) * P);");
            if (stage.PadLeft > 0 || stage.PaddedRight > 0)
            {
                w.Line("// Output columns whose input column ox * S + kj - PadLeft is inside [0, W): [first, end).");
                w.Line("int first = Math.Min(OW, Math.Max(0, (PadLeft - kj + S - 1) / S));");
                w.Line("int end = Math.Max(first, Math.Min(OW, (W + PadLeft - kj + S - 1) / S));");
            }

            using (w.OpenBlock("for (int oy = 0; oy < OH; oy++)"))
            {
                w.Line("ref float columnsRow = ref Unsafe.Add(ref patchRow, oy * OW);");
                if (stage.PadTop > 0 || stage.PaddedBottom > 0)
                {
                    w.Line("int iy = oy * S + ki - PadTop;");
                    using (w.OpenBlock("if ((uint)iy >= H)"))
                    {
                        if (zeroOutside)
                        {
                            w.Line("MemoryMarshal.CreateSpan(ref columnsRow, OW).Clear();");
                        }

                        w.Line("continue;");
                    }

                    w.Line();
                    w.Line("ref float imageRow = ref Unsafe.Add(ref image, (c * H + iy) * W);");
                }
                else
                {
                    w.Line("ref float imageRow = ref Unsafe.Add(ref image, (c * H + oy * S + ki) * W);");
                }

                bool columnsPadded = stage.PadLeft > 0 || stage.PaddedRight > 0;
                if (columnsPadded && zeroOutside)
                {
                    w.Line("MemoryMarshal.CreateSpan(ref columnsRow, first).Clear();");
                    w.Line("MemoryMarshal.CreateSpan(ref Unsafe.Add(ref columnsRow, end), OW - end).Clear();");
                }

                body(w, columnsPadded ? "first" : "0", columnsPadded ? "end" : "OW");
            }
        }
    }

    // /// <summary>Stage 1 forward, one sample: ...</summary>
    // // z1[f, p] = sum_r K1[f, r] * columns[r, p] + KB1[f]
    // public static void Conv1Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> K1, ReadOnlySpan<float> KB1, Span<float> columns, Span<float> a1)
    private static void EmitForward(SourceWriter w, StagePlan stage)
    {
        int s = stage.Index;
        string input = InputName(stage), output = stage.IsLast ? "a0" : $"map{s}";
        DensePlan view = stage.ActivationView;
        bool fused = ActivationMath.FusedIntoStore(stage.Activation);
        bool storesZ = stage.KeepsPreActivation;
        bool storesA = fused || !storesZ;
        w.Line($"/// <summary>Stage {s} forward, one sample: {ImageEmitter.Describe(stage)}; {stage.Input} -> {stage.Output}.</summary>");
        w.Line($"// pre{s}[f, p] = sum_r K{s}[f, r] * columns[r, p]{(stage.HasBias ? $" + KB{s}[f]" : "  (no bias)")}   (the convolution sum over c, ki, kj, as a matrix product with im2col's columns)");
        w.Line($"// {output}[f, p] = {FormulaOf(stage, $"pre{s}[f, p]")}  ({(fused ? "fused into the store" : "over the sample's maps after the product")})");
        w.Line($"// Register tile: {TileRows} filters x 2 vectors of pixels; each vector of columns loaded serves {TileRows} filters.");
        var parameters = new List<string> { $"ReadOnlySpan<float> {input}", $"ReadOnlySpan<float> K{s}" };
        if (stage.HasBias)
        {
            parameters.Add($"ReadOnlySpan<float> KB{s}");
        }

        parameters.Add("Span<float> columns");
        if (storesZ)
        {
            parameters.Add($"Span<float> pre{s}");
        }

        parameters.Add($"Span<float> {output}");
        using (w.OpenBlock($"public static void Conv{s}Forward({string.Join(", ", parameters)})"))
        {
            SourceWriter outer = w;
            w = new SourceWriter(); // the body, written apart: Sizes writes the constants it uses before it
            w.Line($"Conv{s}Columns({input}, columns);");
            w.Line($"ref float kernel = ref MemoryMarshal.GetReference(K{s});");
            if (stage.HasBias)
            {
                w.Line($"ref float bias = ref MemoryMarshal.GetReference(KB{s});");
            }

            w.Line("ref float cols = ref MemoryMarshal.GetReference(columns);");
            if (storesA)
            {
                w.Line($"ref float result = ref MemoryMarshal.GetReference({output});");
            }

            if (storesZ)
            {
                w.Line($"ref float preActivation = ref MemoryMarshal.GetReference(pre{s});");
            }

            w.Line();
            EmitProduct(
                w,
                rows: ("F", stage.Filters, "f"),
                reduction: ("R", stage.Patch, "r"),
                columns: ("P", stage.Pixels, "p"),
                rowSetup: i => $"ref float k{i} = ref Unsafe.Add(ref kernel, {Plus("f", i)} * R);",
                element: i => $"Unsafe.Add(ref k{i}, r)",
                source: "cols",
                vectorInitial: i => stage.HasBias ? $"new Vector<float>(Unsafe.Add(ref bias, {Plus("f", i)}))" : "Vector<float>.Zero",
                scalarInitial: i => stage.HasBias ? $"Unsafe.Add(ref bias, {Plus("f", i)})" : "0f",
                vectorStore: (wr, i, at, acc) =>
                {
                    if (storesZ)
                    {
                        wr.Line($"{acc}.StoreUnsafe(ref preActivation, {at});");
                    }

                    if (storesA)
                    {
                        wr.Line($"{(fused ? ActivationMath.VectorStore(view, acc) : acc)}.StoreUnsafe(ref result, {at});");
                    }
                },
                scalarStore: (wr, i, at, t) =>
                {
                    if (storesZ)
                    {
                        wr.Line($"Unsafe.Add(ref preActivation, {at}) = {t};");
                    }

                    if (storesA)
                    {
                        wr.Line($"Unsafe.Add(ref result, {at}) = {(fused ? ActivationMath.ScalarStore(view, t) : t)};");
                    }
                },
                overwrite: true);

            if (!fused)
            {
                w.Line();
                w.Line(ActivationMath.RowsCall(view, $"pre{s}", output));
            }

            Sizes(stage).Emit(outer, w);
            w = outer;
        }
    }

    // /// <summary>Stage 3 backward, one sample: ...</summary>
    // public static void Conv3Backward(ReadOnlySpan<float> a2, ReadOnlySpan<float> K3, ReadOnlySpan<float> a3, Span<float> dA3, Span<float> columns,
    //                                  Span<float> dK3, Span<float> dKB3, Span<float> dColumns, Span<float> da2)
    private static void EmitBackward(SourceWriter w, StagePlan stage)
    {
        int s = stage.Index;
        string input = InputName(stage), output = stage.IsLast ? "a0" : $"map{s}";
        DensePlan view = stage.ActivationView;
        bool readsA = ActivationMath.DerivativeReadsA(stage.Activation);
        bool readsZ = stage.KeepsPreActivation;
        bool identity = stage.Activation == Model.ActivationKind.Identity;
        w.Line($"/// <summary>Stage {s} backward, one sample: dL/dpre{s} in place of dL/d{output}, the sample's share of dK{s}{(stage.HasBias ? $" and dKB{s}" : "")} added to the sums{(stage.IsFirst ? "" : $", and d{input}")}.</summary>");
        if (!identity)
        {
            w.Line($"// dpre{s}[f, p] = d{output}[f, p] * f'(pre{s}[f, p]),  {ActivationMath.DerivativeFormula(view)}");
        }

        w.Line($"// dK{s}[f, r] += sum_p dpre{s}[f, p] * columnsT[p, r]   (columnsT: im2col of {input} again, transposed, so that r is contiguous)");
        if (stage.HasBias)
        {
            w.Line($"// dKB{s}[f] += sum_p dpre{s}[f, p]");
        }

        if (!stage.IsFirst)
        {
            w.Line($"// dColumnsT[p, r] = sum_f dpre{s}[f, p] * K{s}[f, r], then d{input} = col2im(dColumnsT)");
        }

        var parameters = new List<string> { $"ReadOnlySpan<float> {input}", $"ReadOnlySpan<float> K{s}" };
        if (readsA)
        {
            parameters.Add($"ReadOnlySpan<float> {output}");
        }

        if (readsZ)
        {
            parameters.Add($"ReadOnlySpan<float> pre{s}");
        }

        parameters.Add($"Span<float> d{output}");
        parameters.Add("Span<float> columns");
        parameters.Add($"Span<float> dK{s}");
        if (stage.HasBias)
        {
            parameters.Add($"Span<float> dKB{s}");
        }

        if (!stage.IsFirst)
        {
            parameters.Add("Span<float> dColumns");
            parameters.Add($"Span<float> d{input}");
        }

        using (w.OpenBlock($"public static void Conv{s}Backward({string.Join(", ", parameters)})"))
        {
            SourceWriter outer = w;
            w = new SourceWriter(); // the body, written apart: Sizes writes the constants it uses before it
            w.Line($"ref float delta = ref MemoryMarshal.GetReference(d{output});");
            if (!identity)
            {
                if (readsA)
                {
                    w.Line($"ref float activation = ref MemoryMarshal.GetReference({output});");
                }

                if (readsZ)
                {
                    w.Line($"ref float preActivation = ref MemoryMarshal.GetReference(pre{s});");
                }

                w.Line("int e = 0;");
                using (w.OpenBlock("for (; e <= F * P - Vector<float>.Count; e += Vector<float>.Count)"))
                {
                    string a = readsA ? "Vector.LoadUnsafe(ref activation, (nuint)e)" : "";
                    string z = readsZ ? "Vector.LoadUnsafe(ref preActivation, (nuint)e)" : "";
                    w.Line($"({ActivationMath.VectorDerivative(view, "Vector.LoadUnsafe(ref delta, (nuint)e)", a, z)}).StoreUnsafe(ref delta, (nuint)e);");
                }

                if (stage.Filters * stage.Pixels % WidestVector != 0)
                {
                    using (w.OpenBlock("for (; e < F * P; e++)"))
                    {
                        string a = "Unsafe.Add(ref activation, e)";
                        if (readsA && stage.Activation is Model.ActivationKind.Sigmoid or Model.ActivationKind.Tanh)
                        {
                            w.Line($"float ae = {a};");
                            a = "ae";
                        }

                        w.Line($"Unsafe.Add(ref delta, e) = {ActivationMath.Derivative(view, "Unsafe.Add(ref delta, e)", a, "Unsafe.Add(ref preActivation, e)")};");
                    }
                }

                w.Line();
            }

            w.Line($"Conv{s}ColumnsTransposed({input}, columns);");
            w.Line("ref float cols = ref MemoryMarshal.GetReference(columns);");
            w.Line($"ref float dk = ref MemoryMarshal.GetReference(dK{s});");
            using (w.OpenBlock($"// dK{s}: tiles of {TileRows} filters x 2 vectors of patch rows, summed over the pixels"))
            {
                EmitProduct(
                    w,
                    rows: ("F", stage.Filters, "f"),
                    reduction: ("P", stage.Pixels, "p"),
                    columns: ("R", stage.Patch, "r"),
                    rowSetup: i => $"ref float d{i} = ref Unsafe.Add(ref delta, {Plus("f", i)} * P);",
                    element: i => $"Unsafe.Add(ref d{i}, p)",
                    source: "cols",
                    vectorInitial: _ => "Vector<float>.Zero",
                    scalarInitial: _ => "0f",
                    vectorStore: (wr, i, at, acc) => wr.Line($"(Vector.LoadUnsafe(ref dk, {at}) + {acc}).StoreUnsafe(ref dk, {at});"),
                    scalarStore: (wr, i, at, t) => wr.Line($"Unsafe.Add(ref dk, {at}) += {t};"),
                    overwrite: false);
            }

            if (stage.HasBias)
            {
                w.Line();
                w.Line($"ref float dkb = ref MemoryMarshal.GetReference(dKB{s});");
                using (w.OpenBlock("for (int f = 0; f < F; f++)"))
                {
                    w.Line("ref float d = ref Unsafe.Add(ref delta, f * P);");
                    w.Line("Vector<float> v = Vector<float>.Zero;");
                    w.Line("int p = 0;");
                    using (w.OpenBlock("for (; p <= P - Vector<float>.Count; p += Vector<float>.Count)"))
                    {
                        w.Line("v += Vector.LoadUnsafe(ref d, (nuint)p);");
                    }

                    w.Line();
                    w.Line("float t = Vector.Sum(v);");
                    if (stage.Pixels % WidestVector != 0)
                    {
                        using (w.OpenBlock("for (; p < P; p++)"))
                        {
                            w.Line("t += Unsafe.Add(ref d, p);");
                        }
                    }

                    w.Line();
                    w.Line("Unsafe.Add(ref dkb, f) += t;");
                }
            }

            if (!stage.IsFirst)
            {
                w.Line();
                w.Line($"ref float kernel = ref MemoryMarshal.GetReference(K{s});");
                w.Line("ref float result = ref MemoryMarshal.GetReference(dColumns);");
                using (w.OpenBlock($"// dColumnsT: tiles of {TileRows} pixels x 2 vectors of patch rows, summed over the filters"))
                {
                    EmitProduct(
                        w,
                        rows: ("P", stage.Pixels, "p"),
                        reduction: ("F", stage.Filters, "f"),
                        columns: ("R", stage.Patch, "r"),
                        rowSetup: i => $"ref float d{i} = ref Unsafe.Add(ref delta, {Plus("p", i)});",
                        element: i => $"Unsafe.Add(ref d{i}, f * P)",
                        source: "kernel",
                        vectorInitial: _ => "Vector<float>.Zero",
                        scalarInitial: _ => "0f",
                        vectorStore: (wr, i, at, acc) => wr.Line($"{acc}.StoreUnsafe(ref result, {at});"),
                        scalarStore: (wr, i, at, t) => wr.Line($"Unsafe.Add(ref result, {at}) = {t};"),
                        overwrite: true);
                }

                w.Line();
                w.Line($"Conv{s}ColumnsBack(dColumns, d{input});");
            }

            Sizes(stage).Emit(outer, w);
            w = outer;
        }
    }

    /// <summary>
    /// out[i, j] = initial_i + sum_t A(i, t) * source[t, j] for rows i of <paramref name="rows"/> and columns j of
    /// <paramref name="columns"/> (source's and out's row length): tiles of <see cref="TileRows"/> rows x 2 vectors of
    /// columns (the column loop outside, so a block of source stays in cache while every row uses it), then single vectors,
    /// then the last columns. A(i, t) is a broadcast scalar. When the stores <paramref name="overwrite"/> (rather than add
    /// to) out, the last columns are one more vector ending at the last column, overlapping the one before: the same values
    /// written twice. Otherwise they are scalar.
    /// </summary>
    private static void EmitProduct(
        SourceWriter w,
        (string Name, int Count, string Variable) rows,
        (string Name, int Count, string Variable) reduction,
        (string Name, int Count, string Variable) columns,
        Func<int, string> rowSetup,
        Func<int, string> element,
        string source,
        Func<int, string> vectorInitial,
        Func<int, string> scalarInitial,
        Action<SourceWriter, int, string, string> vectorStore,
        Action<SourceWriter, int, string, string> scalarStore,
        bool overwrite)
    {
        string row = rows.Variable, t = reduction.Variable, j = columns.Variable, n = columns.Name;
        string Column(int c) => c == 0 ? j : $"{j} + Vector<float>.Count";

        void RowLoops(int vectors)
        {
            void Tile(int tileRows)
            {
                for (int i = 0; i < tileRows; i++)
                {
                    w.Line(rowSetup(i));
                }

                string Acc(int i, int c) => $"s{i}{c}";
                for (int i = 0; i < tileRows; i++)
                {
                    w.Line($"Vector<float> {string.Join(", ", Enumerable.Range(0, vectors).Select(c => $"{Acc(i, c)} = {vectorInitial(i)}"))};");
                }

                using (w.OpenBlock($"for (int {t} = 0; {t} < {reduction.Name}; {t}++)"))
                {
                    w.Line($"Vector<float> {string.Join(", ", Enumerable.Range(0, vectors).Select(c => $"v{c} = Vector.LoadUnsafe(ref {source}, (nuint)({t} * {n} + {Column(c)}))"))};");
                    for (int i = 0; i < tileRows; i++)
                    {
                        w.Line($"Vector<float> e{i} = new({element(i)});");
                        w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(c => $"{Acc(i, c)} = {VectorSyntax.Portable.MultiplyAdd}(e{i}, v{c}, {Acc(i, c)});")));
                    }
                }

                w.Line();
                for (int i = 0; i < tileRows; i++)
                {
                    for (int c = 0; c < vectors; c++)
                    {
                        vectorStore(w, i, $"(nuint)({Plus(row, i)} * {n} + {Column(c)})", Acc(i, c));
                    }
                }
            }

            w.Line($"int {row} = 0;");
            if (rows.Count >= TileRows)
            {
                using (w.OpenBlock($"for (; {row} <= {rows.Name} - {TileRows}; {row} += {TileRows})"))
                {
                    Tile(TileRows);
                }
            }

            if (rows.Count % TileRows != 0)
            {
                if (rows.Count >= TileRows)
                {
                    w.Line();
                }

                using (w.OpenBlock($"for (; {row} < {rows.Name}; {row}++)"))
                {
                    Tile(1);
                }
            }
        }

        void ScalarColumns()
        {
            using (w.OpenBlock($"for (; {j} < {n}; {j}++)"))
            using (w.OpenBlock($"for (int {row} = 0; {row} < {rows.Name}; {row}++)"))
            {
                w.Line(rowSetup(0));
                w.Line($"float sum = {scalarInitial(0)};");
                using (w.OpenBlock($"for (int {t} = 0; {t} < {reduction.Name}; {t}++)"))
                {
                    w.Line($"sum += {element(0)} * Unsafe.Add(ref {source}, {t} * {n} + {j});");
                }

                scalarStore(w, 0, $"{row} * {n} + {j}", "sum");
            }
        }

        int count = columns.Count;
        w.Line($"int {j} = 0;");
        if (count >= 2 * NarrowestVector)
        {
            using (w.OpenBlock($"for (; {j} <= {n} - 2 * Vector<float>.Count; {j} += 2 * Vector<float>.Count)"))
            {
                RowLoops(2);
            }
        }

        if (count >= NarrowestVector && count % (2 * WidestVector) != 0)
        {
            if (count >= 2 * NarrowestVector)
            {
                w.Line();
            }

            using (w.OpenBlock($"for (; {j} <= {n} - Vector<float>.Count; {j} += Vector<float>.Count)"))
            {
                RowLoops(1);
            }
        }

        if (count % WidestVector == 0)
        {
            return;
        }

        if (count >= NarrowestVector)
        {
            w.Line();
        }

        if (!overwrite || count < NarrowestVector)
        {
            ScalarColumns();
            return;
        }

        w.Line($"// The last {n} % Vector<float>.Count columns: one vector ending at column {n} - 1, rewriting a few columns with the same values.");
        using (w.OpenBlock($"if ({j} < {n} && {n} >= Vector<float>.Count)"))
        {
            w.Line($"{j} = {n} - Vector<float>.Count;");
            RowLoops(1);
        }

        using (w.OpenBlock("else"))
        {
            ScalarColumns();
        }
    }

    /// <summary>The activation's formula on <paramref name="z"/> for the comment over the kernel.</summary>
    private static string FormulaOf(StagePlan stage, string z)
    {
        string alpha = Literals.Number(stage.Alpha);
        return stage.Activation switch
        {
            Model.ActivationKind.Sigmoid => $"1 / (1 + exp(-{z}))",
            Model.ActivationKind.Tanh => $"tanh({z})",
            Model.ActivationKind.ReLU => $"max(0, {z})",
            Model.ActivationKind.LeakyReLU => $"{z} > 0 ? {z} : {alpha} * {z}",
            Model.ActivationKind.ELU => $"{z} > 0 ? {z} : {alpha} * (exp({z}) - 1)",
            _ => z,
        };
    }

    private static string Plus(string variable, int i) => i == 0 ? variable : $"({variable} + {i})";
}
