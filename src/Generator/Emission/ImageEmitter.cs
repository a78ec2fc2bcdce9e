using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits the network-class members of the image stages (convolutions and max pools before the dense layers): their
/// constants, buffers and initializers, and the passes that run one sample at a time through every stage. A batch is
/// split across threads by groups of <see cref="SamplesPerGroup"/> samples; each group sums its kernel gradients apart
/// and the groups are added in order, so the results do not depend on <c>Threads</c>. The kernels themselves come from
/// <see cref="ConvEmitter"/> and <see cref="PoolEmitter"/>. Every method here writes nothing for a network without stages.
/// </summary>
internal static class ImageEmitter
{
    /// <summary>Samples whose kernel gradients one thread sums before the groups are added in order.</summary>
    public const int SamplesPerGroup = 8;

    private const string ReadOnlySpan = "global::System.ReadOnlySpan";
    private const string Span = "global::System.Span";

    /// <summary>The kernels <c>Run</c> can split: the image stages forward and backward.</summary>
    public static IEnumerable<string> ParallelKernels(NetworkPlan plan) =>
        plan.Image is null ? Enumerable.Empty<string>() : new[] { "ImageForward", "ImageBackward" };

    /// <summary>Multiply-adds of one sample through the convolutions, as terms of <c>MultiplyAddsPerSample</c>.</summary>
    public static IEnumerable<string> MultiplyAddTerms(NetworkPlan plan) =>
        plan.Image?.Stages.Where(s => s.IsConvolution).Select(s => $"(long){s.Channels} * {s.Patch} * {s.Pixels}") ?? Enumerable.Empty<string>();

    /// <summary>Where the dense layers' parameters start: after the last convolution's tensors, or null without stages.</summary>
    public static string? ParametersEnd(NetworkPlan plan) => plan.Image is null ? null : "ImageParameters";

    // // Image stages, NCHW per sample: ...
    // private const int Channels0 = 1, Height0 = 28, Width0 = 28, Size0 = Channels0 * Height0 * Width0;
    // private const int Channels1 = 32, ...;   // stage 1, conv1: Conv2D 3x3, stride 1, Same padding, ReLU
    // private const int K1 = 0, KB1 = K1 + 32 * 9, ..., ImageParameters = ...;
    public static void EmitConstants(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        w.Line();
        w.Line("// Image stages, NCHW per sample: stage s reads the maps of stage s - 1, Channels x Height x Width floats,");
        w.Line($"// and writes its own; stage 0 is the input. The dense layers read the last stage's maps flattened: N0 = Size{image.Last.Index}.");
        w.Line($"private const int Channels0 = {image.Input.Channels}, Height0 = {image.Input.Height}, Width0 = {image.Input.Width}, Size0 = Channels0 * Height0 * Width0;");
        foreach (StagePlan stage in image.Stages)
        {
            int s = stage.Index;
            w.Line($"private const int {stage.Channels} = {stage.Output.Channels}, {stage.Height} = {stage.Output.Height}, {stage.Width} = {stage.Output.Width}, {stage.Size} = {stage.Channels} * {stage.Height} * {stage.Width}; // {s}: {Describe(stage)}");
        }

        w.Line();
        w.Line("// Offsets of the convolutions' tensors in Parameters and Gradients, before the dense layers': Ks is stage s's kernel,");
        w.Line("// [Channels(s), Channels(s-1), size, size] row-major (PyTorch's layout), KBs its bias.");
        string previous = "0";
        foreach (StagePlan stage in image.Stages.Where(s => s.IsConvolution))
        {
            w.Line($"private const int {stage.K} = {previous};");
            string end = $"{stage.K} + {stage.Channels} * {stage.Patch}";
            if (stage.HasBias)
            {
                w.Line($"private const int {stage.KB} = {end};");
                end = $"{stage.KB} + {stage.Channels}";
            }

            previous = end;
        }

        w.Line($"private const int ImageParameters = {previous};");
        w.Line();
        w.Line("// The im2col matrix of the largest convolution (patch rows x output pixels): the scratch of one thread.");
        w.Line($"private const int ColumnsLength = {image.ColumnsLength};");
        w.Line();
        w.Line("// Samples whose kernel gradients one thread sums apart; the groups' sums are then added in order.");
        w.Line($"private const int SamplesPerGroup = {SamplesPerGroup};");
    }

    private static IEnumerable<(string Type, string Field, string Length, string Meaning)> Buffers(NetworkPlan plan, ImagePlan image)
    {
        foreach (StagePlan stage in image.Stages)
        {
            int s = stage.Index;
            string input = stage.IsFirst ? "x" : $"map{s - 1}";
            string output = stage.IsLast ? "a0 (the features)" : $"map{s}";
            if (stage.KeepsPreActivation)
            {
                yield return ("float", $"_pre{s}", $"maxBatch * {stage.Size}", $"pre{s}, stage {s}'s maps before {ActivationMath.Name(stage.ActivationView)}, kept for its derivative");
            }

            yield return ("float", stage.OutputBuffer, $"maxBatch * {stage.Size}", stage.IsConvolution
                ? $"{output} = {ActivationMath.Name(stage.ActivationView)}({stage.Name}({input})): stage {s}'s maps"
                : $"{output} = {stage.Name}({input}): stage {s}'s maps");
            if (!stage.IsConvolution)
            {
                yield return ("int", $"_argmax{s}", $"maxBatch * {stage.Size}", $"for each output of {stage.Name}, the index in {input} of the maximum it took");
            }
        }

        yield return ("float", "_dZ0", $"maxBatch * N0", "dL/da0, from dense layer 1's input gradient");
        foreach (StagePlan stage in image.Stages.Where(s => !s.IsLast))
        {
            // One sample per thread: the backward pass finishes a sample's maps before it takes the next.
            yield return ("float", $"_dMap{stage.Index}", $"_scratchParts * {stage.Size}", $"dL/dmap{stage.Index} of the sample each thread is on");
        }

        yield return ("float", "_columns", "_scratchParts * ColumnsLength", "each thread's im2col matrix");
        if (image.Stages.Any(s => s.IsConvolution && !s.IsFirst))
        {
            yield return ("float", "_dColumns", "_scratchParts * ColumnsLength", "each thread's dL/dcolumns, before col2im");
        }

        yield return ("float", "_groupGradients", "(maxBatch + SamplesPerGroup - 1) / SamplesPerGroup * ImageParameters", "each group's sums of dK and dKB");
    }

    public static void EmitFields(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        w.Line();
        w.Line("// Image stages' buffers: [maxBatch, size] maps per sample, and per-thread scratch for the one sample each thread is on.");
        w.Line("private readonly int _scratchParts = global::System.Environment.ProcessorCount; // threads a pass can be split into (the worker pool's size)");
        foreach ((string type, string field, _, string meaning) in Buffers(plan, image))
        {
            w.Line($"private readonly {type}[] {field}; // {meaning}");
        }
    }

    public static void EmitAllocations(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        foreach ((string type, string field, string length, _) in Buffers(plan, image))
        {
            w.Line($"{field} = new {type}[{length}];");
        }
    }

    // WeightInit.HeNormal(_parameters.Slice(K1, Channels1 * 9), 9, _random); ... fan-in C * k * k, fan-out F * k * k
    public static void EmitInitializers(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        foreach (StagePlan stage in image.Stages.Where(s => s.IsConvolution))
        {
            string weights = $"_parameters.Slice({stage.K}, {stage.Channels} * {stage.Patch})";
            string init = $"{NetworkEmitter.Runtime}.Initializers.WeightInit";
            string fanIn = stage.Patch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string fanOut = $"{stage.Channels} * {stage.Window * stage.Window}";
            w.Line(stage.Init switch
            {
                InitKind.GlorotNormal => $"{init}.GlorotNormal({weights}, {fanIn}, {fanOut}, _random);",
                InitKind.HeUniform => $"{init}.HeUniform({weights}, {fanIn}, _random);",
                InitKind.HeNormal => $"{init}.HeNormal({weights}, {fanIn}, _random);",
                InitKind.Normal => $"{init}.Normal({weights}, 0f, 0.05f, _random);",
                InitKind.Zeros => $"{init}.Zeros({weights});",
                _ => $"{init}.GlorotUniform({weights}, {fanIn}, {fanOut}, _random);",
            });
        }
    }

    /// <summary>The forward pass's first step: every stage on every sample, leaving the features in _a0.</summary>
    public static void EmitForwardStep(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is null)
        {
            return;
        }

        w.Line();
        w.Line($"// The image stages, one sample at a time: x -> {string.Join(" -> ", plan.Image.Stages.Select(s => s.Name))} -> a0, the features.");
        w.Line("int imageParts = global::System.Math.Min(parts, _scratchParts);");
        using (w.OpenBlock("if (imageParts > 1)"))
        {
            w.Line("Run(ParallelKernel.ImageForward, batch, imageParts, x);");
        }

        using (w.OpenBlock("else"))
        {
            w.Line("ImageForward(x, batch, 0, 1);");
        }
    }

    /// <summary>The backward pass's last step: from dZ0 back through every stage, then the groups' kernel gradients added.</summary>
    public static void EmitBackwardStep(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is null)
        {
            return;
        }

        w.Line();
        w.Line("// The image stages backward, one sample at a time from dZ0; each group of samples sums its dK and dKB apart,");
        w.Line("// and the groups are added in order: the same sums whatever Threads is.");
        w.Line("int imageParts = global::System.Math.Min(parts, _scratchParts);");
        using (w.OpenBlock("if (imageParts > 1)"))
        {
            w.Line("Run(ParallelKernel.ImageBackward, batch, imageParts, x);");
        }

        using (w.OpenBlock("else"))
        {
            w.Line("ImageBackward(x, batch, 0, 1);");
        }

        w.Line("ImageSumGradients(batch);");
    }

    /// <summary>The cases of <c>IParallelWork.Execute</c> for the image passes: every part reads the caller's inputs, <c>input</c>.</summary>
    public static void EmitParallelCases(SourceWriter w, NetworkPlan plan)
    {
        foreach (string name in ParallelKernels(plan))
        {
            using (w.OpenBlock($"case ParallelKernel.{name}:"))
            {
                w.Line($"{name}(input, batch, part, _parts);");
                w.Line("break;");
            }
        }
    }

    // private void GroupRange(...); private void ImageForward(...); private void ImageBackward(...); private void ImageSumGradients(int batch)
    public static void EmitPasses(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        string kernels = $"global::Compiled.Generated.{KernelEmitter.ClassName(plan.Spec)}";
        w.Line();
        w.Lines($$"""
            // Part `part` of `parts` of a batch, in whole groups of SamplesPerGroup samples: groups [firstGroup, endGroup).
            private static void GroupRange(int batch, int part, int parts, out int firstGroup, out int endGroup)
            {
                int groups = (batch + SamplesPerGroup - 1) / SamplesPerGroup;
                firstGroup = part * groups / parts;
                endGroup = (part + 1) * groups / parts;
            }

            // The image stages forward on part `part` of `parts` of the batch: each sample of x through every stage, its maps
            // left in the stages' buffers for the backward pass and the dense layers.
            private void ImageForward({{ReadOnlySpan}}<float> x, int batch, int part, int parts)
            {
                GroupRange(batch, part, parts, out int firstGroup, out int endGroup);
                {{Span}}<float> columns = new(_columns, part * ColumnsLength, ColumnsLength);
                int end = global::System.Math.Min(endGroup * SamplesPerGroup, batch);
                for (int b = firstGroup * SamplesPerGroup; b < end; b++)
                {
            """);
        foreach (StagePlan stage in image.Stages)
        {
            w.Line($"        {kernels}.{Forward(stage)}({string.Join(", ", ForwardArguments(stage))});");
        }

        w.Lines($$"""
                }
            }

            // The image stages backward on part `part` of `parts` of the batch, group by group: each sample from its dL/da0
            // (in _dZ0) back through every stage, its kernel gradients added to its group's sums.
            private void ImageBackward({{ReadOnlySpan}}<float> x, int batch, int part, int parts)
            {
                GroupRange(batch, part, parts, out int firstGroup, out int endGroup);
                {{Span}}<float> columns = new(_columns, part * ColumnsLength, ColumnsLength);
            """);
        if (image.Stages.Any(s => s.IsConvolution && !s.IsFirst))
        {
            w.Line($"    {Span}<float> dColumns = new(_dColumns, part * ColumnsLength, ColumnsLength);");
        }

        w.Lines($$"""
                for (int group = firstGroup; group < endGroup; group++)
                {
                    {{Span}}<float> sums = new(_groupGradients, group * ImageParameters, ImageParameters);
                    sums.Clear();
                    int end = global::System.Math.Min((group + 1) * SamplesPerGroup, batch);
                    for (int b = group * SamplesPerGroup; b < end; b++)
                    {
            """);
        for (int index = image.Stages.Count - 1; index >= 0; index--)
        {
            StagePlan stage = image.Stages[index];
            if (!stage.IsConvolution && stage.IsFirst)
            {
                // A pool on the input passes no gradient to anything learned.
                continue;
            }

            w.Line($"            {kernels}.{Backward(stage)}({string.Join(", ", BackwardArguments(stage))});");
        }

        w.Lines($$"""
                    }
                }
            }

            // dK and dKB of every convolution, into Gradients: the groups' sums added in group order.
            private void ImageSumGradients(int batch)
            {
                int groups = (batch + SamplesPerGroup - 1) / SamplesPerGroup;
                {{Span}}<float> total = Gradient(0, ImageParameters);
                new {{ReadOnlySpan}}<float>(_groupGradients, 0, ImageParameters).CopyTo(total);
                for (int group = 1; group < groups; group++)
                {
                    {{kernels}}.AddGroup(new {{ReadOnlySpan}}<float>(_groupGradients, group * ImageParameters, ImageParameters), total);
                }
            }
            """);
    }

    public static string Forward(StagePlan stage) => stage.IsConvolution ? $"Conv{stage.Index}Forward" : $"Pool{stage.Index}Forward";

    public static string Backward(StagePlan stage) => stage.IsConvolution ? $"Conv{stage.Index}Backward" : $"Pool{stage.Index}Backward";

    /// <summary>Stage s's input maps of sample b: x's row, or the previous stage's maps.</summary>
    private static string InputOf(StagePlan stage) =>
        stage.IsFirst ? "x.Slice(b * InputSize, InputSize)" : $"RowsAt(_map{stage.Index - 1}, b, 1, Size{stage.Index - 1})";

    private static string OutputOf(StagePlan stage) => $"RowsAt({stage.OutputBuffer}, b, 1, {(stage.IsLast ? "N0" : stage.Size)})";

    private static IEnumerable<string> ForwardArguments(StagePlan stage)
    {
        yield return InputOf(stage);
        if (stage.IsConvolution)
        {
            yield return $"Parameter({stage.K}, {stage.Channels} * {stage.Patch})";
            if (stage.HasBias)
            {
                yield return $"Parameter({stage.KB}, {stage.Channels})";
            }

            yield return "columns";
            if (stage.KeepsPreActivation)
            {
                yield return $"RowsAt(_pre{stage.Index}, b, 1, {stage.Size})";
            }

            yield return OutputOf(stage);
        }
        else
        {
            yield return OutputOf(stage);
            yield return $"new {Span}<int>(_argmax{stage.Index}, b * {stage.Size}, {stage.Size})";
        }
    }

    /// <summary>dL/d(stage s's maps) of sample b: its row of _dZ0 for the last stage, else the thread's scratch.</summary>
    private static string GradientOf(StagePlan stage) =>
        stage.IsLast ? "RowsAt(_dZ0, b, 1, N0)" : $"new {Span}<float>(_dMap{stage.Index}, part * {stage.Size}, {stage.Size})";

    private static string PreviousGradient(StagePlan stage) => $"new {Span}<float>(_dMap{stage.Index - 1}, part * Size{stage.Index - 1}, Size{stage.Index - 1})";

    private static IEnumerable<string> BackwardArguments(StagePlan stage)
    {
        int s = stage.Index;
        if (!stage.IsConvolution)
        {
            yield return GradientOf(stage);
            yield return $"new {ReadOnlySpan}<int>(_argmax{s}, b * {stage.Size}, {stage.Size})";
            yield return PreviousGradient(stage);
            yield break;
        }

        yield return InputOf(stage);
        yield return $"Parameter({stage.K}, {stage.Channels} * {stage.Patch})";
        if (ActivationMath.DerivativeReadsA(stage.Activation))
        {
            yield return OutputOf(stage);
        }

        if (stage.KeepsPreActivation)
        {
            yield return $"RowsAt(_pre{s}, b, 1, {stage.Size})";
        }

        yield return GradientOf(stage);
        yield return "columns";
        yield return $"sums.Slice({stage.K}, {stage.Channels} * {stage.Patch})";
        if (stage.HasBias)
        {
            yield return $"sums.Slice({stage.KB}, {stage.Channels})";
        }

        if (!stage.IsFirst)
        {
            yield return "dColumns";
            yield return PreviousGradient(stage);
        }
    }

    /// <summary>The convolutions' tensors as the Save summary lists them: <c>conv1.weight [32, 1, 3, 3], conv1.bias [32]</c>.</summary>
    public static IEnumerable<string> TensorNames(NetworkPlan plan) =>
        plan.Image?.Stages.Where(s => s.IsConvolution).Select(s =>
            $"{s.Name}.weight [{s.Filters}, {s.Input.Channels}, {s.Window}, {s.Window}]" + (s.HasBias ? $", {s.Name}.bias [{s.Filters}]" : ""))
        ?? Enumerable.Empty<string>();

    // // Each image stage: its name in files, sizes, padding, tensors' offsets in Parameters, and activation.
    // private static readonly ImageStageLayout[] ImageLayout = { new("conv1", true, 1, 32, 3, 1, 1, 1, 1, 1, K1, KB1, Activation.ReLU, 0f), ... };
    public static void EmitLayout(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        w.Line();
        w.Line("// Each image stage: its name in files, channels in and out, window, stride, zeros above, left, below and right,");
        w.Line("// a convolution's tensors' offsets in Parameters, and its activation.");
        w.Line($"private static readonly {NetworkEmitter.Runtime}.Serialization.ImageStageLayout[] ImageLayout =");
        w.Line("{");
        foreach (StagePlan stage in image.Stages)
        {
            string alpha = double.IsNaN(stage.Alpha) ? "0f" : Literals.Float(stage.Alpha);
            string tensors = stage.IsConvolution ? $"{stage.K}, {(stage.HasBias ? stage.KB : "BiasOffset: null")}" : "0, BiasOffset: null";
            string channelsIn = stage.IsFirst ? "Channels0" : $"Channels{stage.Index - 1}";
            w.Line($"    new(\"{stage.Name}\", {(stage.IsConvolution ? "true" : "false")}, {channelsIn}, {stage.Channels}, {stage.Window}, {stage.Stride}, " +
                $"{stage.PadTop}, {stage.PadLeft}, {stage.PaddedBottom}, {stage.PaddedRight}, {tensors}, {NetworkEmitter.Runtime}.Activation.{stage.Activation}, {alpha}),");
        }

        w.Line("};");
    }

    /// <summary>A stage as the comments describe it: <c>conv1, Conv2D 3x3, stride 1, Same padding, ReLU</c>.</summary>
    public static string Describe(StagePlan stage)
    {
        string window = $"{stage.Window}x{stage.Window}";
        if (!stage.IsConvolution)
        {
            return $"{stage.Name}, MaxPool2D {window}, stride {stage.Stride}";
        }

        string padding = stage.HasPadding
            ? $"Same padding ({stage.PadTop} above, {stage.PaddedBottom} below, {stage.PadLeft} left, {stage.PaddedRight} right)"
            : "Valid padding";
        string bias = stage.HasBias ? "" : ", no bias";
        return $"{stage.Name}, Conv2D {window}, stride {stage.Stride}, {padding}, {ActivationMath.Name(stage.ActivationView)}{bias}";
    }
}
