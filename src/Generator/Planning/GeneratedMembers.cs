using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Model;

namespace Compiled.Generator.Planning;

/// <summary>
/// Every member the generator adds to a network class, in one list: the validator checks the user's
/// members against it (a user's <c>W1</c> or <c>Forward(ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)</c> would not
/// compile beside the generated one), and GeneratedMembersTests compiles networks and compares the
/// list with the members the emitters actually wrote, so an emitter that adds a member must add it here.
/// </summary>
/// <remarks>
/// Names follow the emitters: layer-numbered constants and buffers come from <see cref="DensePlan"/> and
/// <see cref="WorkBuffer"/>, which the emitters use too; the fixed members are listed by hand below.
/// </remarks>
internal static class GeneratedMembers
{
    private const string ReadOnlySpanOfFloat = "System.ReadOnlySpan<float>";
    private const string SpanOfFloat = "System.Span<float>";
    private const string ReadOnlySpanOfInt = "System.ReadOnlySpan<int>";
    private const string SpanOfInt = "System.Span<int>";
    private const string Optimizer = "Compiled.IOptimizer";
    private const string Stream = "System.IO.Stream";

    /// <summary>
    /// The prefix of the explicit implementations of INetwork, whose metadata names spell the interface
    /// as the generated code writes it. The parser gives a user's explicit implementation the same name.
    /// </summary>
    public const string ExplicitNetwork = "global::Compiled.INetwork.";

    /// <summary>Parts of the generated numbered names (<c>N0</c>, <c>W1</c>, <c>_dZ3</c>, <c>DropoutRate2</c>) before their layer number.</summary>
    private static readonly HashSet<string> NumberedFamilies = new(System.StringComparer.Ordinal)
    {
        "N", "W", "B", "S", "DropoutRate", "_m", "_h", "_z", "_a", "_dZ",

        // Image stages (see ImageEmitter).
        "Channels", "Height", "Width", "Size", "K", "KB", "_map", "_pre", "_dMap", "_argmax",
    };

    /// <summary>The members every network has, whatever its layers.</summary>
    private static readonly GeneratedMember[] Fixed =
    {
        Constant("InputSize"),
        Constant("OutputSize"),
        Constant("ParameterCount"),
        Constant("Summary"),
        Constant("MaxBatchLimit"),
        Field("_parameters"),
        Field("_gradients"),
        Field("_random"),
        Field("_maxBatch"),
        Field("_targets"),
        Field("_panels"),
        Field("_dZPanels"),
        Field("_nonzero"),
        Field("_threads"),
        Field("_kernel"),
        Field("_batch"),
        Field("_parts"),
        Constant("MultiplyAddsPerSample"),
        Constant("ParallelFrom"),
        Property("Threads"),
        Method("get_Threads"),
        Method("set_Threads", "int"),
        Method("PartsFor", "int"),
        Method("PartOf", "int", "int", "int", "int", "int", "int"),
        Method("RowsAt", "float[]", "int", "int", "int"),
        new("ParallelKernel", "type"),
        Method("global::Compiled.Threading.IParallelWork.Execute", "int", ReadOnlySpanOfFloat),
        new(".ctor", "constructor", "int", "int"),
        Property("Parameters"),
        Property("Gradients"),
        Property("Training"),
        Property("MaxBatch"),
        Property(ExplicitNetwork + "InputSize"),
        Property(ExplicitNetwork + "OutputSize"),
        Property(ExplicitNetwork + "ParameterCount"),
        Method("get_Parameters"),
        Method("get_Gradients"),
        Method("get_Training"),
        Method("set_Training", "bool"),
        Method("get_MaxBatch"),
        Method(ExplicitNetwork + "get_InputSize"),
        Method(ExplicitNetwork + "get_OutputSize"),
        Method(ExplicitNetwork + "get_ParameterCount"),
        Method("Forward", ReadOnlySpanOfFloat, SpanOfFloat),
        Method("Predict", ReadOnlySpanOfFloat),
        Method("Predict", ReadOnlySpanOfFloat, SpanOfInt),
        Method("ClassOf", "int"),
        Method("ClassesOf", SpanOfInt),
        Method("ComputeLoss", ReadOnlySpanOfFloat, ReadOnlySpanOfInt, SpanOfInt),
        Method("ComputeLoss", ReadOnlySpanOfFloat, ReadOnlySpanOfFloat, SpanOfFloat),
        Method("ComputeGradients", ReadOnlySpanOfFloat, ReadOnlySpanOfInt),
        Method("ComputeGradients", ReadOnlySpanOfFloat, ReadOnlySpanOfInt, SpanOfInt),
        Method("ComputeGradients", ReadOnlySpanOfFloat, ReadOnlySpanOfFloat),
        Method("TrainStep", ReadOnlySpanOfFloat, ReadOnlySpanOfInt, Optimizer),
        Method("TrainStep", ReadOnlySpanOfFloat, ReadOnlySpanOfInt, Optimizer, SpanOfInt),
        Method("TrainStep", ReadOnlySpanOfFloat, ReadOnlySpanOfFloat, Optimizer),
        Method("ForwardPass", ReadOnlySpanOfFloat, "int"),
        Method("OutputLoss", ReadOnlySpanOfFloat, "int"),
        Method("Backpropagate", ReadOnlySpanOfFloat, ReadOnlySpanOfFloat, "int", SpanOfInt),
        Method("Rows", "float[]", "int"),
        Method("Parameter", "int", "int"),
        Method("Gradient", "int", "int"),

        // Announced by the model-file work (Save/Load) and the ONNX export: reserved before every
        // network emits them, so a user's member never starts to collide on an upgrade.
        Announced(Method("Save", "string", Optimizer)),
        Announced(Method("Save", Stream, Optimizer)),
        Announced(Method("Load", "string", Optimizer)),
        Announced(Method("Load", Stream, Optimizer)),
        Announced(Field("TensorLayout")),
        Announced(Method("ExportOnnx", "string")),
        Announced(Method("ExportOnnx", Stream)),
    };

    private static readonly HashSet<string> FixedNames = new(Fixed.Select(m => m.Name), System.StringComparer.Ordinal);

    /// <summary>Names outside the numbered families that only some plans emit (see <see cref="WorkBuffer.For"/>).</summary>
    private static readonly HashSet<string> OccasionalNames = new(System.StringComparer.Ordinal)
    {
        "_dA", "Run",

        // Networks with image stages (see ImageEmitter).
        "ImageParameters", "ColumnsLength", "SamplesPerGroup", "ImageLayout", "_scratchParts", "_columns", "_dColumns", "_groupGradients",
        "GroupRange", "ImageForward", "ImageBackward", "ImageSumGradients",
    };

    /// <summary>Every member generated for <paramref name="plan"/>, announced ones included.</summary>
    public static IReadOnlyList<GeneratedMember> For(NetworkPlan plan)
    {
        var members = new List<GeneratedMember>(Fixed)
        {
            Constant("N0"),

            // Run's first parameter is the class's own nested enum, named as the parser names a user's types.
            Method("Run", $"{QualifiedName(plan.Spec)}.ParallelKernel", "int", "int", ReadOnlySpanOfFloat),
        };
        foreach (DensePlan layer in plan.Layers)
        {
            members.Add(Constant(layer.Out));
            members.Add(Constant(layer.W));
            if (layer.HasBias)
            {
                members.Add(Constant(layer.B));
            }

            if (layer.LearnsSlopes)
            {
                members.Add(Constant(layer.S));
            }

            if (layer.HasDropout)
            {
                members.Add(Constant($"DropoutRate{layer.Index}"));
            }
        }

        foreach (WorkBuffer buffer in WorkBuffer.For(plan))
        {
            if (!FixedNames.Contains(buffer.Field))
            {
                members.Add(Field(buffer.Field));
            }
        }

        if (plan.Image is { } image)
        {
            members.AddRange(ImageMembers(image));
        }

        return members;
    }

    /// <summary><see cref="For(NetworkPlan)"/> of a validated spec.</summary>
    public static IReadOnlyList<GeneratedMember> For(NetworkSpec spec) => For(NetworkPlan.Create(spec));

    /// <summary>
    /// Whether some network could have a generated member of this name: the parser records only the
    /// user's members that pass, so that editing any other member leaves the pipeline's values unchanged.
    /// </summary>
    public static bool MayBeGenerated(string name)
    {
        if (FixedNames.Contains(name) || OccasionalNames.Contains(name))
        {
            return true;
        }

        int digits = name.Length;
        while (digits > 0 && char.IsDigit(name[digits - 1]))
        {
            digits--;
        }

        return digits < name.Length && NumberedFamilies.Contains(name.Substring(0, digits));
    }

    /// <summary>The members of a network's image stages: their constants, buffers and passes.</summary>
    private static IEnumerable<GeneratedMember> ImageMembers(ImagePlan image)
    {
        foreach (string name in new[] { "Channels0", "Height0", "Width0", "Size0", "ImageParameters", "ColumnsLength", "SamplesPerGroup" })
        {
            yield return Constant(name);
        }

        yield return Field("ImageLayout");

        foreach (string name in new[] { "_scratchParts", "_columns", "_groupGradients", "_a0", "_dZ0" })
        {
            yield return Field(name);
        }

        if (image.Stages.Any(s => s.IsConvolution && !s.IsFirst))
        {
            yield return Field("_dColumns");
        }

        yield return Method("GroupRange", "int", "int", "int", "int", "int");
        yield return Method("ImageForward", ReadOnlySpanOfFloat, "int", "int", "int");
        yield return Method("ImageBackward", ReadOnlySpanOfFloat, "int", "int", "int");
        yield return Method("ImageSumGradients", "int");
        foreach (StagePlan stage in image.Stages)
        {
            yield return Constant(stage.Channels);
            yield return Constant(stage.Height);
            yield return Constant(stage.Width);
            yield return Constant(stage.Size);
            if (stage.IsConvolution)
            {
                yield return Constant(stage.K);
                if (stage.HasBias)
                {
                    yield return Constant(stage.KB);
                }
            }
            else
            {
                yield return Field($"_argmax{stage.Index}");
            }

            if (stage.KeepsPreActivation)
            {
                yield return Field($"_pre{stage.Index}");
            }

            if (!stage.IsLast)
            {
                yield return Field($"_map{stage.Index}");
                yield return Field($"_dMap{stage.Index}");
            }
        }
    }

    private static string QualifiedName(NetworkSpec spec) =>
        string.Join(".", new[] { spec.Namespace }.Where(n => n.Length > 0)
            .Concat(spec.ContainingTypes.Select(t => t.Name))
            .Concat(new[] { spec.ClassName }));

    private static GeneratedMember Constant(string name) => new(name, "constant");

    private static GeneratedMember Field(string name) => new(name, "field");

    private static GeneratedMember Property(string name) => new(name, "property");

    private static GeneratedMember Method(string name, params string[] parameters) => new(name, "method", parameters);

    private static GeneratedMember Announced(GeneratedMember member) => new(member.Name, member.Kind, member.Parameters, announced: true);
}

/// <summary>One member of a generated network class.</summary>
internal sealed class GeneratedMember
{
    public GeneratedMember(string name, string kind, params string[] parameters)
        : this(name, kind, kind is "method" or "constructor" ? parameters : null, announced: false)
    {
    }

    public GeneratedMember(string name, string kind, string[]? parameters, bool announced)
    {
        Name = name;
        Kind = kind;
        Parameters = parameters;
        Announced = announced;
    }

    /// <summary>The metadata name: <c>W1</c>, <c>Forward</c>, <c>.ctor</c>, <c>global::Compiled.INetwork.InputSize</c>.</summary>
    public string Name { get; }

    /// <summary>constant, field, property, method or constructor.</summary>
    public string Kind { get; }

    /// <summary>A method's or constructor's parameter types, fully qualified without <c>global::</c>; null for other members.</summary>
    public string[]? Parameters { get; }

    /// <summary>Promised by work in progress: checked against user members, possibly not emitted yet.</summary>
    public bool Announced { get; }

    public bool IsMethodLike => Parameters is not null;

    /// <summary><c>Forward(System.ReadOnlySpan&lt;float&gt;, System.Span&lt;float&gt;)</c> for a method, the name for other members.</summary>
    public string Signature => Parameters is null ? Name : $"{Name}({string.Join(", ", Parameters)})";

    /// <summary>As a message shows it: <c>method Forward(ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)</c>, <c>constant W1</c>.</summary>
    public string Display(string className)
    {
        string name = Name == ".ctor" ? className : Name.Replace("global::Compiled.", "");
        string parameters = Parameters is null ? "" : $"({string.Join(", ", Parameters.Select(Short))})";
        return $"{Kind} {name}{parameters}";
    }

    private static string Short(string type) =>
        type.Replace("System.IO.", "").Replace("System.", "").Replace("Compiled.", "");
}
