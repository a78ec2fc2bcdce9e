using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits the file-local kernels class: for each dense layer a forward kernel and its backward kernels
/// side by side, every size a constant. The kernels live in namespace Compiled.Generated with their
/// usings inside it, so a user's type named <c>Vector</c> or <c>Unsafe</c> cannot capture a name.
/// </summary>
/// <remarks>
/// <para>
/// Vector&lt;float&gt;.Count is 4, 8 or 16 (128- to 512-bit SIMD), a constant to the JIT. A dimension that
/// is a multiple of 16 therefore never needs a scalar tail, and one below 4 never fills a vector; the
/// emitter leaves out whichever loop a size cannot use.
/// </para>
/// <para>
/// Vector&lt;float&gt; stays 256-bit on AVX-512 machines, so the kernels that carry the multiply-adds (the packing of
/// panels, the forward tiles and matrix-vector path, the weight- and input-gradient tiles) are written once, generic
/// over the vector type (<see cref="VectorSyntax.Generic"/>), behind a public method that runs them on Vector512 where
/// the runtime's VectorWidth.Use512 says so, else on Vector&lt;float&gt;; for widths that 512-bit vectors would cover
/// worse than 256-bit ones, on Vector&lt;float&gt; alone (see <see cref="SyntaxFor"/>). Both forward paths share the width, so a
/// sample still gets the same bits at any batch size. The bias-gradient sums stay on Vector&lt;float&gt;
/// (<see cref="VectorSyntax.Portable"/>), as do the convolution kernels (ConvEmitter).
/// </para>
/// </remarks>
internal static class KernelEmitter
{
    /// <summary>
    /// Rows of the register tile of the forward and weight-gradient kernels. With <see cref="TileVectors"/>
    /// vectors of columns that makes 12 accumulators: enough independent fused multiply-adds to cover
    /// the instruction's latency on both FMA ports, within AVX2's 16 vector registers (12 accumulators,
    /// 2 loaded vectors, 1 broadcast).
    /// </summary>
    private const int TileRows = 6;

    /// <summary>Vectors of columns in a register tile: each broadcast input serves this many.</summary>
    private const int TileVectors = 2;

    /// <summary>
    /// Vectors of columns in a one-row tile (a single sample, or the rows a batch leaves over): with one
    /// row, independent accumulators must come from the columns, so 8 chains cover the FMA latency.
    /// </summary>
    private const int RowVectors = 8;

    /// <summary>
    /// The smallest batch whose forward pass packs the weights into panels first. Packing costs about one
    /// pass over W; below this many samples, streaming W once per sample (a matrix-vector product) is cheaper.
    /// </summary>
    public const int PackedFrom = 4;

    /// <summary>
    /// A multiple of every transposed panel's width (1 or <see cref="TileVectors"/> of the widest vectors): where a thread's
    /// share of the transposed packing may end.
    /// </summary>
    public const int TransposedPanelAlignment = TileVectors * WidestVector;

    /// <summary>The widest Vector&lt;float&gt; (512-bit): a multiple of it is a multiple of every width.</summary>
    private const int WidestVector = 16;

    /// <summary>The narrowest Vector&lt;float&gt; (128-bit).</summary>
    private const int NarrowestVector = 4;

    public static string ClassName(NetworkSpec spec) => spec.ClassName + "Kernels";

    // namespace Compiled.Generated
    // {
    //     using System; ...
    //     file static class XorNetKernels
    //     {
    //         private const int N0 = 2; ...
    //         Dense1Forward, Dense1WeightGradients, Dense2Forward, Dense2WeightGradients, Dense2InputGradient, ...
    //     }
    // }
    public static void Emit(SourceWriter w, NetworkPlan plan)
    {
        using (w.OpenBlock("namespace Compiled.Generated"))
        {
            w.Lines("""
                using System;
                using System.Numerics;
                using System.Runtime.CompilerServices;
                using System.Runtime.InteropServices;
                """);
            if (plan.Layers.Any(layer => SyntaxFor(layer.Units).IsGeneric || (!layer.IsFirst && SyntaxFor(layer.Inputs).IsGeneric)))
            {
                w.Line("using System.Runtime.Intrinsics;"); // Vector512<float>, in the width dispatch
            }

            w.Line("using Compiled.Kernels;");
            w.Line();
            w.Line($"/// <summary>The kernels of <see cref=\"global::{FullName(plan.Spec)}\"/>, each specialized to one layer's sizes.</summary>");
            w.Line("/// <remarks>");
            w.Line("/// Buffers are row-major [batch, width]. Callers pass spans of at least the lengths the sizes imply;");
            w.Line("/// the network's public methods check every length before a kernel runs, so the kernels read");
            w.Line("/// through unchecked references.");
            w.Line("/// </remarks>");
            using (w.OpenBlock($"file static class {ClassName(plan.Spec)}"))
            {
                w.Line("// Layer widths: N0 is the input, Nk the output of dense layer k.");
                w.Line($"private const int N0 = {plan.Features};");
                foreach (DensePlan layer in plan.Layers)
                {
                    w.Line($"private const int {layer.Out} = {layer.Units};");
                }

                w.Line();
                w.Line($"// Batches of at least this many samples run through packed weight panels; smaller ones read W directly.");
                w.Line($"public const int PackedFrom = {PackedFrom};");
                foreach (DensePlan layer in plan.Layers)
                {
                    w.Line();
                    EmitPackWeights(w, layer);
                    w.Line();
                    EmitForward(w, layer);
                    w.Line();
                    EmitForwardFewRows(w, layer);
                    w.Line();
                    if (layer.HasBias)
                    {
                        EmitBiasGradients(w, layer);
                        w.Line();
                    }

                    if (PacksDeltas(layer))
                    {
                        EmitPackDeltas(w, layer);
                        w.Line();
                    }

                    EmitWeightGradients(w, layer);
                    if (!layer.IsFirst)
                    {
                        w.Line();
                        EmitPackTransposedWeights(w, layer);
                        w.Line();
                        EmitInputGradient(w, layer, plan.Previous(layer));
                    }
                }

                // A PReLU output's derivative runs with its slopes' gradient, in PReluEmitter's pass.
                if (plan.NeedsOutputGradient && !plan.Output.LearnsSlopes)
                {
                    w.Line();
                    EmitOutputGradient(w, plan.Output);
                }

                ImageKernelEmitter.Emit(w, plan);
            }
        }
    }

    /// <summary>The name of layer k's input: x for the network's input, a(k-1) before dropout, hk after it.</summary>
    public static string InputName(DensePlan layer) =>
        layer.HasDropout ? $"h{layer.Index}" : layer.IsFirst ? "x" : $"a{layer.Index - 1}";

    private static string FullName(NetworkSpec spec) =>
        string.Join(".", new[] { spec.Namespace }.Where(n => n.Length > 0).Select(Identifiers.EscapeDotted)
            .Concat(spec.ContainingTypes.Select(t => Identifiers.Escape(t.Name)))
            .Concat(new[] { Identifiers.Escape(spec.ClassName) }));

    // /// <summary>Layer 1 weights packed into panels for the tiled kernels, rows [start, end) of W1.</summary>
    // public static void Dense1PackWeights(ReadOnlySpan<float> W1, Span<float> panels, int start, int end)
    private static void EmitPackWeights(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string inputs = layer.In, n = layer.Out;
        VectorSyntax v = SyntaxFor(layer.Units);
        string declaration = KernelDeclaration(
            w, v, $"Dense{k}PackWeights", $"ReadOnlySpan<float> W{k}, Span<float> panels, int start, int end", $"Layer {k} weights packed for the tiled kernels, rows [start, end) of W{k}");

        w.Line($"/// <summary>Layer {k} weights packed for the tiled kernels: each block of columns j..j+c-1 of W{k} becomes one contiguous panel.</summary>");
        w.Line($"// panels[j * {inputs} + i * c + t] = W{k}[i, j + t]   for a block of c = 2 or 1 vectors of columns starting at j");
        w.Line("// A tile then reads its weights as one forward stream instead of one cache line every row of W.");
        w.Line($"// Each call packs rows [start, end) of W{k} (inputs i), each read once in memory order, into every panel, so threads can share the work.");
        w.Line($"// Columns past the last whole vector stay in W{k}, read by the kernels' scalar column loop.");
        using (w.OpenBlock(declaration))
        {
            if (layer.Units < NarrowestVector)
            {
                w.Line($"// {n} = {layer.Units} is narrower than any vector: every column is scalar, read from W{k} in place. Nothing to pack.");
                return;
            }

            w.Line($"ref float w = ref MemoryMarshal.GetReference(W{k});");
            w.Line("ref float packed = ref MemoryMarshal.GetReference(panels);");
            EmitColumnPanels(w, layer, source: "w", rows: inputs, row: "i", from: "start", to: "end", v);
        }
    }

    // The column blocks of a [rows, n] row-major matrix copied into panels, the layout both packing kernels write.
    // Row by row, so the matrix is read once in memory order and each panel is written as one forward stream;
    // the other order (panel by panel, down the rows) reads one cache line every n floats, which for n = 256
    // lands every line of a column block in the same few cache sets: about 25% slower on 784x256 (38.7 against
    // 51.7 µs median, measured in isolation on the 2-core EPYC).
    // for (int r = from; r < to; r++)
    // {
    //     int j = 0;
    //     for (; j <= N - 2 * Vector<float>.Count; j += 2 * Vector<float>.Count) { copy the block's vectors of row r to panel j }
    // }
    private static void EmitColumnPanels(SourceWriter w, DensePlan layer, string source, string rows, string row, string from, string to, VectorSyntax v)
    {
        string n = layer.Out;
        using (w.OpenBlock($"for (int {row} = {from}; {row} < {to}; {row}++)"))
        {
            w.Line("int j = 0;");
            foreach (int vectors in ColumnBlocks(layer.Units, TileRows))
            {
                string step = VectorsStep(vectors, v);
                using (w.OpenBlock($"for (; j <= {n} - {step}; j += {step})"))
                {
                    w.Line($"ref float panel = ref Unsafe.Add(ref packed, j * {rows});");
                    for (int c = 0; c < vectors; c++)
                    {
                        w.Line(v.Store(v.Load(source, $"(nuint)({row} * {n} + {Column(c, v)})"), "panel", PanelOffset(vectors, c, v, row)));
                    }
                }
            }
        }
    }

    // /// <summary>Layer 1 forward: Dense 784 -> 256, ReLU.</summary>
    // // z1[b, j] = sum_i x[b, i] * W1[i, j] + b1[j]
    // // a1[b, j] = max(0, z1[b, j])  (fused into the store)
    // public static void Dense1Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> W1, ReadOnlySpan<float> panels, ReadOnlySpan<float> b1, Span<float> a1, int batch)
    // {
    //     tiles of 6 samples (the last one padded) x 2 vectors of columns, W1 read from its panels
    // }
    private static void EmitForward(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string input = InputName(layer);
        string outputs = layer.KeepsPreActivation ? $"Span<float> z{k}, Span<float> a{k}" : $"Span<float> a{k}";
        string parameters = $"ReadOnlySpan<float> {input}, ReadOnlySpan<float> W{k}, ReadOnlySpan<float> panels, {BiasParameter(layer)}{SlopeParameter(layer)}{outputs}, int batch";
        VectorSyntax v = SyntaxFor(layer.Units);
        string declaration = KernelDeclaration(w, v, $"Dense{k}Forward", parameters, $"Layer {k} forward, batches of at least {PackedFrom} samples");

        EmitForwardSummary(w, layer);
        w.Line(layer.Units >= NarrowestVector
            ? $"// Register tile: {TileRows} samples x {TileVectors} vectors of columns, {TileRows * TileVectors} accumulators; each W{k} vector loaded serves {TileRows} samples."
            : $"// Tiles of {TileRows} samples; {layer.Out} = {layer.Units} is narrower than any vector, so the columns are scalar.");
        if (layer.Units >= NarrowestVector)
        {
            w.Line($"// W{k} is read from the panels of Dense{k}PackWeights, which the caller fills first.");
        }

        w.Line($"// A batch that is not a multiple of {TileRows} ends in a padded tile: its missing rows repeat the last sample and");
        w.Line("// store the same values into the last row, so no tile narrower than the register tile is needed.");
        using (w.OpenBlock(declaration))
        {
            // W itself is read only by the scalar column loop; the vector columns come from the panels.
            EmitForwardReferences(w, layer, input, readsW: layer.Units % WidestVector != 0);
            if (layer.Units >= NarrowestVector)
            {
                w.Line("ref float packed = ref MemoryMarshal.GetReference(panels);");
            }

            w.Line("int last = batch - 1;");
            using (w.OpenBlock($"for (int row = 0; row < batch; row += {TileRows})"))
            {
                EmitForwardTile(w, layer, TileRows, packed: true, v);
            }
        }
    }

    // /// <summary>Layer 1 forward for fewer than PackedFrom samples: each streams the rows of W1 of its nonzero inputs, in memory order.</summary>
    // public static void Dense1ForwardFewRows(ReadOnlySpan<float> x, ReadOnlySpan<float> W1, ReadOnlySpan<float> b1, Span<float> a1, Span<int> nonzero, int batch)
    private static void EmitForwardFewRows(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string n = layer.Out, inputs = layer.In;
        string input = InputName(layer);
        bool fused = ActivationMath.FusedIntoStore(layer.Activation);
        bool storesZ = layer.KeepsPreActivation;
        bool vectors = layer.Units >= NarrowestVector;
        // The row the sums build up in: z when the layer keeps it, else the activations (finished in place).
        string sums = storesZ ? "zRow0" : "y0";
        string outputs = storesZ ? $"Span<float> z{k}, Span<float> a{k}" : $"Span<float> a{k}";
        string parameters = $"ReadOnlySpan<float> {input}, ReadOnlySpan<float> W{k}, {BiasParameter(layer)}{SlopeParameter(layer)}{outputs}, Span<int> nonzero, int batch";
        // The same vectors as the tiled kernel: the columns past the last whole vector (summed as scalars) are then the
        // same columns, which keeps a sample's bits independent of the batch size.
        VectorSyntax v = SyntaxFor(layer.Units);
        string declaration = KernelDeclaration(w, v, $"Dense{k}ForwardFewRows", parameters, $"Layer {k} forward, fewer than {PackedFrom} samples");

        w.Line($"/// <summary>Layer {k} forward for a batch of fewer than {PackedFrom} samples (a single sample, typically): each row reads W{k} once, unpacked.</summary>");
        w.Line($"// The formula of Dense{k}Forward as matrix-vector products. The rows of W{k} are read in memory order,");
        w.Line($"// {InputGroup} inputs at a time, while the row's sums stay in L1: one sequential pass over the weights, which");
        w.Line($"// is what bounds a single sample's time. Only the rows of the nonzero inputs are read: a zero input adds");
        w.Line($"// x[i] * W{k}[i, j] = 0 to each sum (ReLU zeroes about half of a layer's activations; images have zero pixels).");
        w.Line($"// Each sum still adds the other x[i] * W{k}[i, j] in order of i, with the same fused multiply-adds as the tiled");
        w.Line("// kernel, and adding an exact 0 changes no sum, so a sample gives the same bits at any batch size (for finite");
        w.Line("// weights: the tiled kernel's 0 * infinity would be NaN; and up to the sign of a sum that is exactly zero).");
        bool inRegisters = FitsInRegisters(layer, v);
        if (inRegisters)
        {
            w.Line($"// On 512-bit vectors the {layer.Units} sums fit in registers, and the pass keeps them there instead of in L1.");
        }

        using (w.OpenBlock(declaration))
        {
            EmitForwardReferences(w, layer, input, readsW: true);
            w.Line("ref int nz = ref MemoryMarshal.GetReference(nonzero);");
            using (w.OpenBlock("for (int row = 0; row < batch; row++)"))
            {
                w.Line($"ref float x0 = ref Unsafe.Add(ref input, row * {inputs});");
                w.Line($"int count = NonZeros.Indices({input}.Slice(row * {inputs}, {inputs}), nonzero); // nz[0..count): the i with x[i] != 0, in order");
                if (WritesActivationInTile(layer))
                {
                    w.Line($"ref float y0 = ref Unsafe.Add(ref output, row * {n});");
                }

                if (storesZ)
                {
                    w.Line($"ref float zRow0 = ref Unsafe.Add(ref preActivation, row * {n});");
                }

                if (inRegisters)
                {
                    w.Line();
                    using (w.OpenBlock($"if ({v.Count} == {WidestVector})"))
                    {
                        EmitFewRowsInRegisters(w, layer, fused, storesZ, v);
                    }

                    using (w.OpenBlock("else"))
                    {
                        EmitFewRowsVectorColumns(w, layer, sums, fused, storesZ, v);
                    }
                }
                else if (vectors)
                {
                    EmitFewRowsVectorColumns(w, layer, sums, fused, storesZ, v);
                }

                if (layer.Units % WidestVector != 0)
                {
                    w.Line();
                    EmitScalarColumns(w, layer, rows: 1, $"for (int j = {(vectors ? $"{n} - {n} % {v.Count}" : "0")}; j < {n}; j++)", nonzeroOnly: true);
                }

                if (!fused)
                {
                    w.Line();
                    w.Line(layer.Activation == ActivationKind.Softmax
                        ? $"Activations.Softmax(a{k}.Slice(row * {n}, {n}), a{k}.Slice(row * {n}, {n}));"
                        : ActivationMath.RowsCall(layer, $"z{k}.Slice(row * {n}, {n})", $"a{k}.Slice(row * {n}, {n})"));
                }
            }
        }
    }

    /// <summary>
    /// The most vectors of columns a sample's sums may take to stay in registers for a whole pass over W: 16 of
    /// AVX-512's 32, leaving room for the broadcast input and the loads.
    /// </summary>
    private const int RegisterVectors = 16;

    /// <summary>
    /// Whether a layer's matrix-vector kernel, on 512-bit vectors, keeps all of a sample's sums in registers
    /// (<see cref="EmitFewRowsInRegisters"/>): a kernel generic over the width, whose columns are whole 512-bit vectors,
    /// at most <see cref="RegisterVectors"/> of them (256 columns); such a layer has no scalar columns.
    /// </summary>
    private static bool FitsInRegisters(DensePlan layer, VectorSyntax v) =>
        v.IsGeneric && layer.Units % WidestVector == 0 && layer.Units / WidestVector <= RegisterVectors;

    /// <summary>
    /// The share of nonzero inputs from which the in-register pass reads every row of W instead of walking the index list
    /// of nonzero inputs: a row read in sequence took about two thirds of the time of one reached through the list. One
    /// sample through 784x256 on the 2-core Zen 5: no zero input, 4.8 us every row against 7.4 us through the list; 35%
    /// zeros, 4.9 against 5.3 us; 50% zeros, 6.7 against 4.0 us.
    /// </summary>
    private const string DenseFrom = "2 / 3";

    // 512-bit vectors (AVX-512, 32 registers): the sample's sums in s0..s15, loaded with b, then one pass down the rows
    // of W, each row a single contiguous read, and the activation fused into the one store of each vector:
    //
    //     TVector s0 = b[0..16), ..., s15 = b[240..256);
    //     for (every row i, or the nonzero ones) { e = x[i]; s0 = FMA(e, W[i, 0..16), s0); ... s15 = FMA(e, W[i, 240..256), s15); }
    //     y0[0..16) = f(s0); ...
    private static void EmitFewRowsInRegisters(SourceWriter w, DensePlan layer, bool fused, bool storesZ, VectorSyntax v)
    {
        int k = layer.Index;
        string n = layer.Out, inputs = layer.In;
        int accumulators = layer.Units / WidestVector;
        var chains = Enumerable.Range(0, accumulators).ToArray();
        // Inside `if (TOps.Count == 16)`: vector c starts at column 16 c, written as the number.
        string At(int c) => (c * WidestVector).ToString(System.Globalization.CultureInfo.InvariantCulture);

        w.Line($"// 512-bit vectors: all {n} = {layer.Units} sums in {accumulators} accumulators, which stay in registers (AVX-512 has 32)");
        w.Line($"// for one pass down the rows of W{k}: each row is read whole, in memory order, and no sum goes through memory.");
        foreach (var line in chains.GroupBy(c => c / 4))
        {
            w.Line($"{v.Type} " + string.Join(", ", line.Select(c => $"s{c} = {(layer.HasBias ? v.Load("bias", At(c)) : v.Zero)}")) + ";");
        }

        w.Line();

        // s_c += x[i] * W[i, c-th vector of columns], for every c.
        void Row()
        {
            w.Line($"{v.Type} e = {v.Broadcast("Unsafe.Add(ref x0, i)")};");
            w.Line($"ref float wi = ref Unsafe.Add(ref w, i * {n});");
            foreach (var line in chains.GroupBy(c => c / 4))
            {
                w.Line(string.Join(" ", line.Select(c => $"s{c} = {v.MultiplyAdd}(e, {v.Load("wi", At(c))}, s{c});")));
            }
        }

        w.Line($"// At least two thirds of the inputs nonzero: every row of W{k} (a zero input adds an exact 0, as in the tiled kernel);");
        w.Line("// a row read in sequence costs about two thirds of one reached through the index list. Otherwise the nonzero inputs' rows.");
        using (w.OpenBlock($"if (count >= {inputs} * {DenseFrom})"))
        {
            using (w.OpenBlock($"for (int i = 0; i < {inputs}; i++)"))
            {
                Row();
            }
        }

        using (w.OpenBlock("else"))
        {
            using (w.OpenBlock("for (int k = 0; k < count; k++)"))
            {
                w.Line("int i = Unsafe.Add(ref nz, k);");
                Row();
            }
        }

        w.Line();
        foreach (int c in chains)
        {
            if (storesZ)
            {
                w.Line(v.Store($"s{c}", "zRow0", At(c)));
            }

            if (WritesActivationInTile(layer))
            {
                w.Line(v.Store(fused ? ActivationMath.VectorStore(layer, $"s{c}", v) : $"s{c}", "y0", At(c)));
            }
        }
    }

    /// <summary>Inputs whose rows of W one pass over a sample's sums adds in (4 streams of W, 1 of the sums).</summary>
    private const int InputGroup = 4;

    /// <summary>
    /// Vectors of columns one step of that pass adds into: two independent chains of fused multiply-adds and half
    /// the loop steps. On the 2-core EPYC, one sample through 784x256 weights (read from L3) took 16.5 against 18.4 us
    /// and 13.2 against 13.6 us (a quieter host), and the seed MLP's single-sample Forward about 1 us (5%) less.
    /// </summary>
    private const int GroupVectors = 2;

    // The whole vectors of columns: sums = b, then the rows of W of InputGroup nonzero inputs at a time added into
    // them, then the activation (when fused) over the finished sums.
    private static void EmitFewRowsVectorColumns(SourceWriter w, DensePlan layer, string sums, bool fused, bool storesZ, VectorSyntax v)
    {
        string n = layer.Out;
        string wholeVectors = $"for (int j = 0; j <= {n} - {v.Count}; j += {v.Count})";
        w.Line();
        w.Line(layer.HasBias ? $"// {sums}[j] = b[j], for the columns that fill whole vectors." : $"// {sums}[j] = 0, for the columns that fill whole vectors.");
        using (w.OpenBlock(wholeVectors))
        {
            w.Line(v.Store(layer.HasBias ? v.Load("bias", "(nuint)j") : v.Zero, sums, "(nuint)j"));
        }

        bool groups = layer.Inputs >= InputGroup;
        if (groups)
        {
            w.Line();
            w.Line($"// {sums}[j] += x[i0] * W[i0, j] + ... + x[i{InputGroup - 1}] * W[i{InputGroup - 1}, j] for {InputGroup} nonzero inputs i0 < ... < i{InputGroup - 1}, added one after the other{(ColumnBlocksOf(layer.Units, GroupVectors).First() > 1 ? $"; a step adds into {GroupVectors} vectors of columns (independent chains)" : "")}.");
            w.Line("int k = 0;");
            EmitFewRowsInputGroup(w, layer, sums, v);
        }

        w.Line();
        w.Line(groups
            ? $"// The last count % {InputGroup} nonzero inputs, one at a time: {sums}[j] += x[i] * W[i, j]."
            : $"// {sums}[j] += x[i] * W[i, j], one nonzero input at a time.");
        using (w.OpenBlock(groups ? "for (; k < count; k++)" : "for (int k = 0; k < count; k++)"))
        {
            w.Line("int i = Unsafe.Add(ref nz, k);");
            w.Line($"{v.Type} e0 = {v.Broadcast("Unsafe.Add(ref x0, i)")};");
            w.Line($"ref float w0 = ref Unsafe.Add(ref w, i * {n});");
            using (w.OpenBlock(wholeVectors))
            {
                w.Line(v.Store($"{v.MultiplyAdd}(e0, {v.Load("w0", "(nuint)j")}, {v.Load(sums, "(nuint)j")})", sums, "(nuint)j"));
            }
        }

        if (fused && (storesZ || layer.Activation != ActivationKind.Identity))
        {
            w.Line();
            w.Line(storesZ ? $"// {ActivationMath.Formula(layer)}, from z to a." : $"// {ActivationMath.Formula(layer)}, in place.");
            using (w.OpenBlock(wholeVectors))
            {
                w.Line(v.Store(ActivationMath.VectorStore(layer, v.Load(sums, "(nuint)j"), v), "y0", "(nuint)j"));
            }
        }
    }

    // for (; k <= count - 4; k += 4)
    // {
    //     i0..i3 = nz[k..k+3];
    //     for (; j <= N - 2 * Vector<float>.Count; ...) { sums[j..] += x[i0] * W[i0, j..] ... + x[i3] * W[i3, j..], 2 vectors }
    //     for (; j <= N - Vector<float>.Count; ...)     { the same for 1 vector, where N leaves one over }
    // }
    private static void EmitFewRowsInputGroup(SourceWriter w, DensePlan layer, string sums, VectorSyntax v)
    {
        string n = layer.Out;
        using (w.OpenBlock($"for (; k <= count - {InputGroup}; k += {InputGroup})"))
        {
            w.Line(string.Join(", ", Enumerable.Range(0, InputGroup).Select(r => $"{(r == 0 ? "int " : "")}i{r} = Unsafe.Add(ref nz, {(r == 0 ? "k" : $"k + {r}")})")) + ";");
            w.Line(string.Join(", ", Enumerable.Range(0, InputGroup).Select(r => $"{(r == 0 ? $"{v.Type} " : "")}e{r} = {v.Broadcast($"Unsafe.Add(ref x0, i{r})")}")) + ";");
            for (int r = 0; r < InputGroup; r++)
            {
                w.Line($"ref float w{r} = ref Unsafe.Add(ref w, i{r} * {n});");
            }

            var blocks = ColumnBlocksOf(layer.Units, GroupVectors).ToArray();
            if (blocks.Length > 1)
            {
                w.Line("int j = 0;");
            }

            foreach (int vectors in blocks)
            {
                string step = VectorsStep(vectors, v);
                using (w.OpenBlock($"for ({(blocks.Length > 1 ? "" : "int j = 0")}; j <= {n} - {step}; j += {step})"))
                {
                    var chains = Enumerable.Range(0, vectors).ToArray();
                    string Sum(int c) => vectors == 1 ? "s" : $"s{c}";
                    w.Line($"{v.Type} " + string.Join(", ", chains.Select(c => $"{Sum(c)} = {v.Load(sums, Offset(c, v))}")) + ";");
                    for (int r = 0; r < InputGroup; r++)
                    {
                        w.Line(string.Join(" ", chains.Select(c => $"{Sum(c)} = {v.MultiplyAdd}(e{r}, {v.Load($"w{r}", Offset(c, v))}, {Sum(c)});")));
                    }

                    w.Line(string.Join(" ", chains.Select(c => v.Store(Sum(c), sums, Offset(c, v)))));
                }
            }
        }
    }

    // Columns past the last whole vector (or all of them, below a vector's width): one scalar sum per row and column,
    // stored as z and/or the activation like the vector columns. `loop` runs j over those columns; with nonzeroOnly
    // (one row, the matrix-vector kernel) the sum runs over the nonzero inputs nz[0..count) instead of every input.
    private static void EmitScalarColumns(SourceWriter w, DensePlan layer, int rows, string loop, bool nonzeroOnly = false)
    {
        string n = layer.Out, inputs = layer.In;
        bool fused = ActivationMath.FusedIntoStore(layer.Activation);
        w.Line(layer.Units >= NarrowestVector
            ? $"// Columns past the last whole vector ({n} = {layer.Units} is not a multiple of every vector width)."
            : $"// {n} = {layer.Units} is narrower than any vector: scalar columns.");
        using (w.OpenBlock(loop))
        {
            w.Line($"float t0 = {(layer.HasBias ? "Unsafe.Add(ref bias, j)" : "0f")};");
            if (rows > 1)
            {
                w.Line($"float {string.Join(", ", Enumerable.Range(1, rows - 1).Select(r => $"t{r} = t0"))};");
            }

            using (w.OpenBlock(nonzeroOnly ? "for (int next = 0; next < count; next++)" : $"for (int i = 0; i < {inputs}; i++)"))
            {
                if (nonzeroOnly)
                {
                    w.Line("int i = Unsafe.Add(ref nz, next);");
                }

                w.Line($"float wij = Unsafe.Add(ref w, i * {n} + j);");
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"t{r} += Unsafe.Add(ref x{r}, i) * wij;");
                }
            }

            w.Line();

            for (int r = 0; r < rows; r++)
            {
                if (layer.KeepsPreActivation)
                {
                    w.Line($"Unsafe.Add(ref zRow{r}, j) = t{r};");
                }

                if (WritesActivationInTile(layer))
                {
                    w.Line($"Unsafe.Add(ref y{r}, j) = {(fused ? ActivationMath.ScalarStore(layer, $"t{r}") : $"t{r}")};");
                }
            }
        }
    }

    private static void EmitForwardSummary(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        bool fused = ActivationMath.FusedIntoStore(layer.Activation);
        w.Line($"/// <summary>Layer {k} forward: Dense {layer.Inputs} -> {layer.Units}, {ActivationMath.Name(layer)}.</summary>");
        w.Line($"// z{k}[b, j] = sum_i {InputName(layer)}[b, i] * W{k}[i, j]{(layer.HasBias ? $" + b{k}[j]" : "  (no bias)")}");
        string where = fused ? "fused into the store"
            : layer.Activation == ActivationKind.Softmax ? "per row after each tile; the row max is subtracted first, for stability"
            : "over each finished tile of rows";
        w.Line($"// {ActivationMath.Formula(layer)}  ({where})");
    }

    private static void EmitForwardReferences(SourceWriter w, DensePlan layer, string input, bool readsW)
    {
        int k = layer.Index;
        w.Line($"ref float input = ref MemoryMarshal.GetReference({input});");
        if (readsW)
        {
            w.Line($"ref float w = ref MemoryMarshal.GetReference(W{k});");
        }

        if (layer.HasBias)
        {
            w.Line($"ref float bias = ref MemoryMarshal.GetReference(b{k});");
        }

        if (WritesActivationInTile(layer))
        {
            w.Line($"ref float output = ref MemoryMarshal.GetReference(a{k});");
        }

        if (layer.KeepsPreActivation)
        {
            w.Line($"ref float preActivation = ref MemoryMarshal.GetReference(z{k});");
        }
    }

    private static void EmitForwardTile(SourceWriter w, DensePlan layer, int rows, bool packed, VectorSyntax v)
    {
        int k = layer.Index;
        string n = layer.Out, inputs = layer.In;
        bool fused = ActivationMath.FusedIntoStore(layer.Activation);
        bool storesZ = layer.KeepsPreActivation;
        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float x{r} = ref Unsafe.Add(ref input, {PaddedRow(r, rows)} * {inputs});");
        }

        for (int r = 0; r < rows; r++)
        {
            if (WritesActivationInTile(layer))
            {
                w.Line($"ref float y{r} = ref Unsafe.Add(ref output, {PaddedRow(r, rows)} * {n});");
            }

            if (storesZ)
            {
                w.Line($"ref float zRow{r} = ref Unsafe.Add(ref preActivation, {PaddedRow(r, rows)} * {n});");
            }
        }

        w.Line("int j = 0;");
        foreach (int vectors in ColumnBlocks(layer.Units, rows))
        {
            EmitTile(
                w,
                n,
                rows,
                vectors,
                initial: c => layer.HasBias ? v.Load("bias", Offset(c, v)) : v.Zero,
                reduction: $"for (int i = 0; i < {inputs}; i++)",
                prelude: null,
                load: packed
                    ? c => v.Load("panel", PanelOffset(vectors, c, v))
                    : c => v.Load("w", $"(nuint)(i * {n} + {Column(c, v)})"),
                broadcast: r => $"Unsafe.Add(ref x{r}, i)",
                store: (r, c, acc) =>
                {
                    if (storesZ)
                    {
                        w.Line(v.Store(acc, $"zRow{r}", Offset(c, v)));
                    }

                    if (WritesActivationInTile(layer))
                    {
                        string value = fused ? ActivationMath.VectorStore(layer, acc, v) : acc;
                        w.Line(v.Store(value, $"y{r}", Offset(c, v)));
                    }
                },
                v: v,
                setup: packed ? $"ref float panel = ref Unsafe.Add(ref packed, j * {inputs});" : null);
        }

        if (layer.Units % WidestVector != 0)
        {
            if (layer.Units >= NarrowestVector)
            {
                w.Line();
            }

            EmitScalarColumns(w, layer, rows, $"for (; j < {n}; j++)");
        }

        if (!fused)
        {
            w.Line();
            if (rows > 1)
            {
                w.Line($"int valid = Math.Min({rows}, batch - row);");
            }

            string count = rows == 1 ? "1" : "valid";
            if (layer.Activation == ActivationKind.Softmax)
            {
                if (rows == 1)
                {
                    w.Line($"Activations.Softmax(a{k}.Slice(row * {n}, {n}), a{k}.Slice(row * {n}, {n}));");
                }
                else
                {
                    using (w.OpenBlock($"for (int r = 0; r < {count}; r++)"))
                    {
                        w.Line($"Activations.Softmax(a{k}.Slice((row + r) * {n}, {n}), a{k}.Slice((row + r) * {n}, {n}));");
                    }
                }
            }
            else
            {
                string span = rows == 1 ? $"row * {n}, {n}" : $"row * {n}, {count} * {n}";
                w.Line(ActivationMath.RowsCall(layer, $"z{k}.Slice({span})", $"a{k}.Slice({span})"));
            }
        }
    }

    // /// <summary>Layer 2 bias gradients.</summary>
    // // db2[j] = sum_b dZ2[b, j]
    // public static void Dense2BiasGradients(ReadOnlySpan<float> dZ2, Span<float> db2, int batch)
    private static void EmitBiasGradients(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string n = layer.Out;
        w.Line($"/// <summary>Layer {k} bias gradients: overwrites db{k} with the batch's sums.</summary>");
        w.Line($"// db{k}[j] = sum_b dZ{k}[b, j]");
        using (w.OpenBlock($"public static void Dense{k}BiasGradients(ReadOnlySpan<float> dZ{k}, Span<float> db{k}, int batch)"))
        {
            w.Line($"ref float delta = ref MemoryMarshal.GetReference(dZ{k});");
            w.Line($"ref float db = ref MemoryMarshal.GetReference(db{k});");
            w.Line("int j = 0;");
            if (layer.Units >= NarrowestVector)
            {
                using (w.OpenBlock($"for (; j <= {n} - Vector<float>.Count; j += Vector<float>.Count)"))
                {
                    w.Line("Vector<float> s = Vector<float>.Zero;");
                    using (w.OpenBlock("for (int row = 0; row < batch; row++)"))
                    {
                        w.Line($"s += Vector.LoadUnsafe(ref delta, (nuint)(row * {n} + j));");
                    }

                    w.Line();
                    w.Line("s.StoreUnsafe(ref db, (nuint)j);");
                }
            }

            if (layer.Units % WidestVector != 0)
            {
                if (layer.Units >= NarrowestVector)
                {
                    w.Line();
                }

                using (w.OpenBlock($"for (; j < {n}; j++)"))
                {
                    w.Line("float t = 0f;");
                    using (w.OpenBlock("for (int row = 0; row < batch; row++)"))
                    {
                        w.Line($"t += Unsafe.Add(ref delta, row * {n} + j);");
                    }

                    w.Line();
                    w.Line("Unsafe.Add(ref db, j) = t;");
                }
            }
        }
    }

    /// <summary>
    /// Whether layer k's weight-gradient tiles read dZk from panels (see <see cref="EmitPackDeltas"/>): when the layer
    /// has a tile of <see cref="TileRows"/> inputs and a whole vector of columns.
    /// </summary>
    public static bool PacksDeltas(DensePlan layer) => layer.Inputs >= TileRows && layer.Units >= NarrowestVector;

    /// <summary>A weight-gradient kernel's panels argument, <c>_dZPanels, </c>, or nothing for a layer whose tiles read dZ in place.</summary>
    public static string DeltaPanelsArgument(DensePlan layer) => PacksDeltas(layer) ? "_dZPanels, " : "";

    // /// <summary>Layer 2 dZ2 packed for its weight-gradient tiles.</summary>
    // public static void Dense2PackDeltas(ReadOnlySpan<float> dZ2, Span<float> panels, int batch)
    private static void EmitPackDeltas(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string n = layer.Out;
        VectorSyntax v = SyntaxFor(layer.Units);
        string declaration = KernelDeclaration(
            w, v, $"Dense{k}PackDeltas", $"ReadOnlySpan<float> dZ{k}, Span<float> panels, int batch", $"Layer {k} deltas packed for its weight-gradient tiles");
        w.Line($"/// <summary>Layer {k} deltas packed for its weight-gradient tiles: each block of columns j..j+c-1 of dZ{k} becomes one contiguous panel of the batch's rows.</summary>");
        w.Line($"// panels[j * batch + row * c + t] = dZ{k}[row, j + t]   for a block of c = 2 or 1 vectors of columns starting at j");
        w.Line($"// Every tile of dW{k} rows then reads its block of dZ{k} as one forward stream instead of one cache line per sample.");
        w.Line($"// Columns past the last whole vector stay in dZ{k}, read by the kernel's scalar column loop.");
        using (w.OpenBlock(declaration))
        {
            w.Line($"ref float delta = ref MemoryMarshal.GetReference(dZ{k});");
            w.Line("ref float packed = ref MemoryMarshal.GetReference(panels);");
            EmitColumnPanels(w, layer, source: "delta", rows: "batch", row: "row", from: "0", to: "batch", v);
        }
    }

    // /// <summary>Layer 2 weight gradients, rows [start, end) of dW2.</summary>
    // // dW2[i, j] = sum_b a1[b, i] * dZ2[b, j]
    // public static void Dense2WeightGradients(ReadOnlySpan<float> a1, ReadOnlySpan<float> dZ2, Span<float> dW2, int batch, int start, int end)
    private static void EmitWeightGradients(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string input = InputName(layer), inputs = layer.In;
        string panels = PacksDeltas(layer) ? "ReadOnlySpan<float> panels, " : "";
        string parameters = $"ReadOnlySpan<float> {input}, ReadOnlySpan<float> dZ{k}, {panels}Span<float> dW{k}, int batch, int start, int end";
        VectorSyntax v = SyntaxFor(layer.Units);
        string declaration = KernelDeclaration(w, v, $"Dense{k}WeightGradients", parameters, $"Layer {k} weight gradients, rows [start, end) of dW{k}");

        w.Line($"/// <summary>Layer {k} weight gradients: overwrites rows [start, end) of dW{k} (the inputs i in that range) with the batch's sums.</summary>");
        w.Line($"// dW{k}[i, j] = sum_b {input}[b, i] * dZ{k}[b, j]");
        w.Line(layer.Inputs >= TileRows
            ? $"// Register tile: {TileRows} rows of dW{k} (inputs i..i+{TileRows - 1}) x {TileVectors} vectors of columns; each dZ{k} vector loaded serves {TileRows} rows."
            : $"// One row of dW{k} at a time: {layer.In} = {layer.Inputs} inputs is fewer than a {TileRows}-row tile.");
        w.Line($"// Ranges of whole tiles split the rows between threads; only a range that ends at {inputs} has a remainder.");
        if (PacksDeltas(layer))
        {
            w.Line($"// The {TileRows}-row tiles read dZ{k} from the panels of Dense{k}PackDeltas, which the caller fills first.");
        }

        using (w.OpenBlock(declaration))
        {
            w.Line($"ref float input = ref MemoryMarshal.GetReference({input});");
            w.Line($"ref float delta = ref MemoryMarshal.GetReference(dZ{k});");
            if (PacksDeltas(layer))
            {
                w.Line("ref float packed = ref MemoryMarshal.GetReference(panels);");
            }

            w.Line($"ref float dw = ref MemoryMarshal.GetReference(dW{k});");
            w.Line("int i = start;");
            if (layer.Inputs >= TileRows)
            {
                using (w.OpenBlock($"for (; i <= end - {TileRows}; i += {TileRows})"))
                {
                    EmitWeightGradientTile(w, layer, TileRows, v);
                }

                w.Line();
            }

            using (w.OpenBlock("for (; i < end; i++)"))
            {
                EmitWeightGradientTile(w, layer, 1, v);
            }
        }
    }

    private static void EmitWeightGradientTile(SourceWriter w, DensePlan layer, int rows, VectorSyntax v)
    {
        string n = layer.Out, inputs = layer.In;

        // Tiles of several rows read the packed panels, whose blocks match theirs; one-row tiles use wider blocks and read dZ itself.
        bool packed = rows == TileRows && PacksDeltas(layer);
        w.Line("int j = 0;");
        foreach (int vectors in ColumnBlocks(layer.Units, rows))
        {
            EmitTile(
                w,
                n,
                rows,
                vectors,
                initial: _ => v.Zero,
                reduction: "for (int row = 0; row < batch; row++)",
                prelude: $"ref float hi = ref Unsafe.Add(ref input, row * {inputs} + i);",
                load: packed
                    ? c => v.Load("panel", PanelOffset(vectors, c, v, "row"))
                    : c => v.Load("delta", $"(nuint)(row * {n} + {Column(c, v)})"),
                broadcast: r => Element("hi", r),
                store: (r, c, acc) => w.Line(v.Store(acc, "dw", $"(nuint)({RowOffset("i", r)} * {n} + {Column(c, v)})")),
                v: v,
                setup: packed ? "ref float panel = ref Unsafe.Add(ref packed, j * batch);" : null);
        }

        if (layer.Units % WidestVector != 0)
        {
            if (layer.Units >= NarrowestVector)
            {
                w.Line();
            }

            using (w.OpenBlock($"for (; j < {n}; j++)"))
            {
                w.Line($"float {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"t{r} = 0f"))};");
                using (w.OpenBlock("for (int row = 0; row < batch; row++)"))
                {
                    w.Line($"float d = Unsafe.Add(ref delta, row * {n} + j);");
                    w.Line($"ref float hi = ref Unsafe.Add(ref input, row * {inputs} + i);");
                    for (int r = 0; r < rows; r++)
                    {
                        w.Line($"t{r} += {Element("hi", r)} * d;");
                    }
                }

                w.Line();

                for (int r = 0; r < rows; r++)
                {
                    w.Line($"Unsafe.Add(ref dw, {RowOffset("i", r)} * {n} + j) = t{r};");
                }
            }
        }
    }

    // /// <summary>Layer 2 weights transposed into panels, for its input-gradient kernel: the panels of inputs [start, end).</summary>
    // public static void Dense2PackTransposedWeights(ReadOnlySpan<float> W2, Span<float> panels, int start, int end)
    private static void EmitPackTransposedWeights(SourceWriter w, DensePlan layer)
    {
        int k = layer.Index;
        string inputs = layer.In, n = layer.Out;
        VectorSyntax v = SyntaxFor(layer.Inputs);
        string declaration = KernelDeclaration(
            w, v, $"Dense{k}PackTransposedWeights", $"ReadOnlySpan<float> W{k}, Span<float> panels, int start, int end", $"Layer {k} weights transposed and packed, the panels of inputs [start, end)");

        w.Line($"/// <summary>Layer {k} weights transposed and packed for its input-gradient kernel: W{k}T = W{k} transposed, [{n}, {inputs}], in panels.</summary>");
        w.Line($"// panels[i * {n} + j * c + t] = W{k}T[j, i + t] = W{k}[i + t, j]   for a block of c = 2 or 1 vectors of inputs starting at i");
        w.Line($"// Inputs past the last whole vector are read from W{k} itself, whose rows are contiguous in j.");
        w.Line($"// Each call packs the panels of inputs [start, end); a range that does not end at {inputs} ends on a multiple of");
        w.Line($"// {TransposedPanelAlignment} (of any panel's width), so that threads given ranges cut the panels as one call would.");
        using (w.OpenBlock(declaration))
        {
            if (layer.Inputs < NarrowestVector)
            {
                w.Line($"// {inputs} = {layer.Inputs} is narrower than any vector: every input is scalar, read from W{k} in place. Nothing to pack.");
                return;
            }

            w.Line($"ref float w = ref MemoryMarshal.GetReference(W{k});");
            w.Line("ref float packed = ref MemoryMarshal.GetReference(panels);");
            w.Line("int i = start;");
            foreach (int vectors in ColumnBlocks(layer.Inputs, TileRows))
            {
                string step = VectorsStep(vectors, v);
                using (w.OpenBlock($"for (; i <= end - {step}; i += {step})"))
                {
                    w.Line($"ref float panel = ref Unsafe.Add(ref packed, i * {n});");
                    w.Line("// Four rows of W at a time (a vector's width is a multiple of 4): four neighbouring stores per column j.");
                    using (w.OpenBlock($"for (int t = 0; t < {step}; t += 4)"))
                    {
                        w.Line($"ref float wRow = ref Unsafe.Add(ref w, (i + t) * {n});");
                        using (w.OpenBlock($"for (int j = 0; j < {n}; j++)"))
                        {
                            w.Line($"ref float target = ref Unsafe.Add(ref panel, j * {step} + t);");
                            w.Line("target = Unsafe.Add(ref wRow, j);");
                            w.Line($"Unsafe.Add(ref target, 1) = Unsafe.Add(ref wRow, {n} + j);");
                            w.Line($"Unsafe.Add(ref target, 2) = Unsafe.Add(ref wRow, 2 * {n} + j);");
                            w.Line($"Unsafe.Add(ref target, 3) = Unsafe.Add(ref wRow, 3 * {n} + j);");
                        }
                    }
                }
            }
        }
    }

    // /// <summary>Layer 2 input gradient, through layer 1's activation.</summary>
    // // dZ1[b, i] = (sum_j dZ2[b, j] * W2[i, j]) * relu'(z1[b, i])
    // public static void Dense2InputGradient(ReadOnlySpan<float> dZ2, ReadOnlySpan<float> W2, ReadOnlySpan<float> panels, ReadOnlySpan<float> a1, Span<float> dZ1, int batch)
    // {
    //     tiles of 6 samples (the last padded) x 2 vectors of inputs i, summed over j; the derivative fused into the store
    // }
    private static void EmitInputGradient(SourceWriter w, DensePlan layer, DensePlan previous)
    {
        int k = layer.Index, p = previous.Index;
        bool readsA = ActivationMath.DerivativeReadsA(previous.Activation);
        bool readsZ = ActivationMath.DerivativeReadsZ(previous.Activation);
        var parameters = new List<string> { $"ReadOnlySpan<float> dZ{k}", $"ReadOnlySpan<float> W{k}", "ReadOnlySpan<float> panels" };
        if (readsA)
        {
            parameters.Add($"ReadOnlySpan<float> a{p}");
        }

        if (readsZ)
        {
            parameters.Add($"ReadOnlySpan<float> z{p}");
        }

        parameters.Add($"Span<float> dZ{p}");
        parameters.Add("int batch");
        VectorSyntax v = SyntaxFor(layer.Inputs);
        string declaration = KernelDeclaration(w, v, $"Dense{k}InputGradient", string.Join(", ", parameters), $"Layer {k} input gradient, through layer {p}'s activation");

        w.Line($"/// <summary>Layer {k} input gradient, through layer {p}'s activation: overwrites dZ{p}.</summary>");
        w.Line($"// dZ{p}[b, i] = (sum_j dZ{k}[b, j] * W{k}[i, j]) * f'(z{p}[b, i]),  {ActivationMath.DerivativeFormula(previous)}");
        w.Line($"// Reads W{k}T from the panels of Dense{k}PackTransposedWeights, so that i is contiguous: the forward kernel's");
        w.Line($"// register tile, {TileRows} samples x {TileVectors} vectors of inputs, the last tile padded, the derivative fused into the store.");

        using (w.OpenBlock(declaration))
        {
            w.Line($"ref float delta = ref MemoryMarshal.GetReference(dZ{k});");
            if (layer.Inputs % WidestVector != 0)
            {
                w.Line($"ref float w = ref MemoryMarshal.GetReference(W{k});");
            }

            if (layer.Inputs >= NarrowestVector)
            {
                w.Line("ref float packed = ref MemoryMarshal.GetReference(panels);");
            }

            if (readsA)
            {
                w.Line($"ref float activation = ref MemoryMarshal.GetReference(a{p});");
            }

            if (readsZ)
            {
                w.Line($"ref float preActivation = ref MemoryMarshal.GetReference(z{p});");
            }

            w.Line($"ref float result = ref MemoryMarshal.GetReference(dZ{p});");
            w.Line("int last = batch - 1;");
            using (w.OpenBlock($"for (int row = 0; row < batch; row += {TileRows})"))
            {
                EmitInputGradientTile(w, layer, previous, TileRows, v);
            }
        }
    }

    private static void EmitInputGradientTile(SourceWriter w, DensePlan layer, DensePlan previous, int rows, VectorSyntax v)
    {
        string n = layer.Out, inputs = layer.In;
        bool readsA = ActivationMath.DerivativeReadsA(previous.Activation);
        bool readsZ = ActivationMath.DerivativeReadsZ(previous.Activation);
        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float d{r} = ref Unsafe.Add(ref delta, {PaddedRow(r, rows)} * {n});");
        }

        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float g{r} = ref Unsafe.Add(ref result, {PaddedRow(r, rows)} * {inputs});");
            if (readsA)
            {
                w.Line($"ref float act{r} = ref Unsafe.Add(ref activation, {PaddedRow(r, rows)} * {inputs});");
            }

            if (readsZ)
            {
                w.Line($"ref float pre{r} = ref Unsafe.Add(ref preActivation, {PaddedRow(r, rows)} * {inputs});");
            }
        }

        w.Line("int i = 0;");
        foreach (int vectors in ColumnBlocks(layer.Inputs, rows))
        {
            EmitTile(
                w,
                inputs,
                rows,
                vectors,
                initial: _ => v.Zero,
                reduction: $"for (int j = 0; j < {n}; j++)",
                prelude: null,
                load: c => v.Load("panel", PanelOffset(vectors, c, v, "j")),
                broadcast: r => $"Unsafe.Add(ref d{r}, j)",
                store: (r, c, acc) =>
                {
                    string a = readsA ? v.Load($"act{r}", Offset(c, v, "i")) : "";
                    string z = readsZ ? v.Load($"pre{r}", Offset(c, v, "i")) : "";
                    w.Line(v.StoreExpression(ActivationMath.VectorDerivative(previous, acc, a, z, v), $"g{r}", Offset(c, v, "i")));
                },
                v: v,
                column: "i",
                setup: $"ref float panel = ref Unsafe.Add(ref packed, i * {n});");
        }

        if (layer.Inputs % WidestVector != 0)
        {
            if (layer.Inputs >= NarrowestVector)
            {
                w.Line();
            }

            using (w.OpenBlock($"for (; i < {inputs}; i++)"))
            {
                w.Line($"ref float wRow = ref Unsafe.Add(ref w, i * {n});");
                w.Line($"float {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"t{r} = 0f"))};");
                using (w.OpenBlock($"for (int j = 0; j < {n}; j++)"))
                {
                    w.Line("float wij = Unsafe.Add(ref wRow, j);");
                    for (int r = 0; r < rows; r++)
                    {
                        w.Line($"t{r} += Unsafe.Add(ref d{r}, j) * wij;");
                    }
                }

                w.Line();
                for (int r = 0; r < rows; r++)
                {
                    string a = $"Unsafe.Add(ref act{r}, i)", z = $"Unsafe.Add(ref pre{r}, i)";
                    if (readsA && previous.Activation is ActivationKind.Sigmoid or ActivationKind.Tanh)
                    {
                        // The derivative reads a twice: name it once.
                        w.Line($"float a{r}i = {a};");
                        a = $"a{r}i";
                    }

                    w.Line($"Unsafe.Add(ref g{r}, i) = {ActivationMath.Derivative(previous, $"t{r}", a, z)};");
                }
            }
        }
    }

    // /// <summary>Output layer gradient through its activation.</summary>
    // // dZ3[b, j] = dA3[b, j] * sigmoid'(z3[b, j])
    // public static void Dense3OutputGradient(ReadOnlySpan<float> dA3, ReadOnlySpan<float> a3, Span<float> dZ3, int batch)
    private static void EmitOutputGradient(SourceWriter w, DensePlan output)
    {
        int k = output.Index;
        string n = output.Out;
        bool readsZ = output.KeepsPreActivation;
        w.Line($"/// <summary>Output layer {k} gradient: from dL/da{k} (the loss's) to dL/dz{k} through {ActivationMath.Name(output)}.</summary>");
        if (output.Activation == ActivationKind.Softmax)
        {
            w.Line($"// dZ{k}[b, j] = a{k}[b, j] * (dA{k}[b, j] - sum_m dA{k}[b, m] * a{k}[b, m])   (the softmax Jacobian, per row)");
            using (w.OpenBlock($"public static void Dense{k}OutputGradient(ReadOnlySpan<float> dA{k}, ReadOnlySpan<float> a{k}, Span<float> dZ{k}, int batch)"))
            {
                using (w.OpenBlock("for (int row = 0; row < batch; row++)"))
                {
                    w.Line($"Activations.SoftmaxBackward(a{k}.Slice(row * {n}, {n}), dA{k}.Slice(row * {n}, {n}), dZ{k}.Slice(row * {n}, {n}));");
                }
            }

            return;
        }

        w.Line($"// dZ{k}[b, j] = dA{k}[b, j] * f'(z{k}[b, j]),  {ActivationMath.DerivativeFormula(output)}");
        string zParameter = readsZ ? $"ReadOnlySpan<float> z{k}, " : "";
        using (w.OpenBlock($"public static void Dense{k}OutputGradient(ReadOnlySpan<float> dA{k}, ReadOnlySpan<float> a{k}, {zParameter}Span<float> dZ{k}, int batch)"))
        {
            using (w.OpenBlock($"for (int e = 0; e < batch * {n}; e++)"))
            {
                if (ActivationMath.DerivativeReadsA(output.Activation))
                {
                    w.Line($"float a = a{k}[e];");
                }

                w.Line($"dZ{k}[e] = {ActivationMath.Derivative(output, $"dA{k}[e]", "a", $"z{k}[e]")};");
            }
        }
    }

    /// <summary>
    /// The widths of the column loops a tile of <paramref name="rows"/> needs: blocks of several vectors,
    /// then single vectors, where a size can use them.
    /// </summary>
    private static IEnumerable<int> ColumnBlocks(int units, int rows) => ColumnBlocksOf(units, rows == 1 ? RowVectors : TileVectors);

    /// <summary>The widths of the column loops for blocks of <paramref name="vectors"/>: those blocks, then single vectors.</summary>
    private static IEnumerable<int> ColumnBlocksOf(int units, int vectors)
    {
        if (units >= vectors * NarrowestVector)
        {
            yield return vectors;
        }

        // A multiple of that many of the widest vectors leaves no single vector over.
        if (units >= NarrowestVector && units % (vectors * WidestVector) != 0)
        {
            yield return 1;
        }
    }

    /// <summary>Column j plus c vectors: <c>j</c>, <c>j + Vector&lt;float&gt;.Count</c>, ...</summary>
    private static string Column(int c, VectorSyntax v, string column = "j") => c switch
    {
        0 => column,
        1 => $"{column} + {v.Count}",
        _ => $"{column} + {c} * {v.Count}",
    };

    /// <summary>Column j plus c vectors as an element offset: <c>(nuint)j</c>, <c>(nuint)(j + Vector&lt;float&gt;.Count)</c>.</summary>
    private static string Offset(int c, VectorSyntax v, string column = "j") => c == 0 ? $"(nuint){column}" : $"(nuint)({Column(c, v, column)})";

    /// <summary>
    /// How the kernels whose vectors run along <paramref name="width"/> (a layer's outputs, or its inputs for the input
    /// gradient) are written: generic over the vector type, so that they can run on Vector512, when 512-bit vectors cover
    /// that width as well as 256-bit ones (at least 16, and fewer than 8 columns left over: what Vector512 leaves to
    /// scalar code, a 256-bit Vector&lt;float&gt; leaves too); else on Vector&lt;float&gt; alone. A 10-class output layer thus
    /// keeps 8 of its columns in a vector instead of summing all 10 as scalars. The kernels that share a layout (a
    /// packer and its tiles, the tiles and the matrix-vector path) take the same width, so they agree.
    /// </summary>
    private static VectorSyntax SyntaxFor(int width) =>
        width >= WidestVector && width % WidestVector < WidestVector / 2 ? VectorSyntax.Generic : VectorSyntax.Portable;

    // The declaration of kernel `name`: public for a kernel on Vector<float>; for one generic over the vector type, the
    // public dispatching method first (EmitWidthDispatch), then the declaration of the private generic body.
    private static string KernelDeclaration(SourceWriter w, VectorSyntax v, string name, string parameters, string summary)
    {
        if (!v.IsGeneric)
        {
            return $"public static void {name}({parameters})";
        }

        EmitWidthDispatch(w, name, parameters, summary);
        w.Line();
        return $"private static void {name}{VectorSyntax.TypeParameters}({parameters}) {VectorSyntax.Constraints}";
    }

    // public static void Dense1Forward(parameters)
    // {
    //     if (VectorWidth.Use512) Dense1Forward<Vector512Ops, Vector512<float>>(arguments); else Dense1Forward<VectorOps, Vector<float>>(arguments);
    // }
    // The public kernel a network calls, in front of its body generic over the vector type: one instantiation per width.
    private static void EmitWidthDispatch(SourceWriter w, string name, string parameters, string summary)
    {
        string arguments = string.Join(", ", parameters.Split(',').Select(p => p.Trim().Split(' ').Last()));
        w.Line($"/// <summary>{summary}: the body below at the widest vectors this machine accelerates (VectorWidth.Use512, a constant to the JIT).</summary>");
        using (w.OpenBlock($"public static void {name}({parameters})"))
        {
            using (w.OpenBlock("if (VectorWidth.Use512)"))
            {
                w.Line($"{name}<Vector512Ops, Vector512<float>>({arguments});");
            }

            using (w.OpenBlock("else"))
            {
                w.Line($"{name}<VectorOps, Vector<float>>({arguments});");
            }
        }
    }

    // for (; j <= N - 2 * Vector<float>.Count; j += 2 * Vector<float>.Count)
    // {
    //     Vector<float> s00 = init0, s01 = init1, s10 = init0, ...;           rows x vectors accumulators
    //     for (reduction)
    //     {
    //         Vector<float> v0 = load0, v1 = load1;                           each loaded vector serves every row
    //         Vector<float> e0 = new(broadcast0); s00 = FMA(e0, v0, s00); s01 = FMA(e0, v1, s01); ...
    //     }
    //     store(r, c, s_rc) ...
    // }
    private static void EmitTile(
        SourceWriter w,
        string n,
        int rows,
        int vectors,
        System.Func<int, string> initial,
        string reduction,
        string? prelude,
        System.Func<int, string> load,
        System.Func<int, string> broadcast,
        System.Action<int, int, string> store,
        VectorSyntax v,
        string column = "j",
        string? setup = null)
    {
        string step = VectorsStep(vectors, v);
        string Acc(int r, int c) => $"s{r}{c}";
        using (w.OpenBlock($"for (; {column} <= {n} - {step}; {column} += {step})"))
        {
            if (setup is not null)
            {
                w.Line(setup);
            }

            var initialValues = Enumerable.Range(0, vectors).Select(initial).ToArray();
            bool shared = initialValues.Any(value => value != v.Zero);
            if (shared)
            {
                w.Line($"{v.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(c => $"init{c} = {initialValues[c]}"))};");
            }

            for (int r = 0; r < rows; r++)
            {
                w.Line($"{v.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(c => $"{Acc(r, c)} = {(shared ? $"init{c}" : initialValues[c])}"))};");
            }

            using (w.OpenBlock(reduction))
            {
                if (prelude is not null)
                {
                    w.Line(prelude);
                }

                w.Line($"{v.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(c => $"v{c} = {load(c)}"))};");
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"{v.Type} e{r} = {v.Broadcast(broadcast(r))};");
                    w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(c => $"{Acc(r, c)} = {v.MultiplyAdd}(e{r}, v{c}, {Acc(r, c)});")));
                }
            }

            w.Line();
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < vectors; c++)
                {
                    store(r, c, Acc(r, c));
                }
            }
        }
    }

    /// <summary>
    /// Whether the tile stores into a_k itself: always, except for a layer that stores z_k and derives
    /// a_k from it afterwards (ELU).
    /// </summary>
    private static bool WritesActivationInTile(DensePlan layer) =>
        ActivationMath.FusedIntoStore(layer.Activation) || !layer.KeepsPreActivation;

    /// <summary>
    /// Row r of a tile starting at <c>row</c>: in a tile of several rows, clamped to the batch's last row, so
    /// that a tile hanging past the batch repeats the last sample instead of reading past it.
    /// </summary>
    private static string PaddedRow(int r, int rows) => r == 0 ? "row" : rows == 1 ? RowOffset("row", r) : $"Math.Min(row + {r}, last)";

    /// <summary>The step of a block of vectors: <c>Vector&lt;float&gt;.Count</c>, <c>2 * Vector&lt;float&gt;.Count</c>.</summary>
    private static string VectorsStep(int vectors, VectorSyntax v) => vectors == 1 ? v.Count : $"{vectors} * {v.Count}";

    /// <summary>Vector c of row <paramref name="index"/> of a panel of <paramref name="vectors"/> vectors, as an element offset.</summary>
    private static string PanelOffset(int vectors, int c, VectorSyntax v, string index = "i")
    {
        string rowStart = $"{index} * {VectorsStep(vectors, v)}";
        return c == 0 ? $"(nuint)({rowStart})" : $"(nuint)({rowStart} + {VectorsStep(c, v)})";
    }

    /// <summary>A forward kernel's bias parameter, <c>ReadOnlySpan&lt;float&gt; b1, </c>, or nothing for a layer without a bias.</summary>
    private static string BiasParameter(DensePlan layer) => layer.HasBias ? $"ReadOnlySpan<float> b{layer.Index}, " : "";

    // PReLU's learned slopes, which its activation reads after each tile.
    private static string SlopeParameter(DensePlan layer) => layer.LearnsSlopes ? $"ReadOnlySpan<float> slope{layer.Index}, " : "";

    private static string RowOffset(string variable, int r) => r == 0 ? variable : $"({variable} + {r})";

    private static string Element(string reference, int r) => r == 0 ? reference : $"Unsafe.Add(ref {reference}, {r})";
}
