using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Validation;

/// <summary>
/// Checks a parsed declaration against the rules the emitter relies on. Any error withholds the
/// source, so the generator never emits code that does not compile; the diagnostic says why.
/// </summary>
internal static partial class SpecValidator
{
    /// <summary>The largest number of elements of a single-dimensional float array (Array.MaxLength).</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    public static ValidatedNetwork Validate(ParsedNetwork parsed)
    {
        if (parsed.TypeKind == ParsedNetwork.RepeatedDeclaration)
        {
            return new ValidatedNetwork(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        NetworkSpec spec = parsed.Spec;
        string name = spec.ClassName;
        var diagnostics = new List<DiagnosticInfo>();
        if (!parsed.IsClass)
        {
            // The generator can complete only a class; nothing else about the declaration matters yet.
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotAClass, parsed.ClassLocation, name, WithArticle(parsed.TypeKind)));
            return Verdict(spec, diagnostics);
        }

        ValidateClassShape(parsed, diagnostics);

        if (parsed.Unreadable.Count > 0)
        {
            // The values the compiler could not bind are unknown: any rule about them (Inputs = 0 for a
            // misspelled property, a layer missing from the order) would report a guess.
            foreach (UnreadableAttribute attribute in parsed.Unreadable)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.UnreadableAttribute,
                    attribute.Location,
                    attribute.Layer == 0 ? $"The [{attribute.Attribute}] attribute" : $"Layer {attribute.Layer} ([{attribute.Attribute}])",
                    name,
                    attribute.CompilerError,
                    HowToWrite(attribute)));
            }

            return Verdict(spec, diagnostics);
        }

        if (spec.Inputs < 1 && spec.Image is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InputsBelowOne, parsed.NetworkAttributeLocation, name, spec.Inputs));
        }

        if (!IsDefined(spec.Loss))
        {
            diagnostics.Add(Undefined("The loss", name, spec.Loss, parsed.NetworkAttributeLocation));
        }

        if (spec.Layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NoLayers, parsed.NetworkAttributeLocation ?? parsed.ClassLocation, name));
        }

        ValidateLayers(parsed, diagnostics);
        ValidateImageLayers(parsed, diagnostics);
        ValidateOutputLayer(parsed, diagnostics);
        ValidateHiddenLayers(parsed, diagnostics);

        if (!HasError(diagnostics) && CountParameters(spec) is var count && count > MaxArrayLength)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooManyParameters, parsed.ClassLocation, name, count.ToString("N0", CultureInfo.InvariantCulture)));
        }

        if (!HasError(diagnostics))
        {
            // The generated members depend on the plan, which exists only for a valid declaration.
            ValidateNames(parsed, GeneratedMembers.For(spec), diagnostics);
        }

        return Verdict(spec, diagnostics);
    }

    /// <summary>The spec is emitted unless an error was found; warnings and infos go out with the source.</summary>
    private static ValidatedNetwork Verdict(NetworkSpec spec, List<DiagnosticInfo> diagnostics) =>
        new(HasError(diagnostics) ? null : spec, diagnostics.ToEquatableArray());

    private static bool HasError(List<DiagnosticInfo> diagnostics) =>
        diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);

    private static void ValidateClassShape(ParsedNetwork parsed, List<DiagnosticInfo> diagnostics)
    {
        string name = parsed.Spec.ClassName;
        if (!parsed.IsPartial)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartial, parsed.ClassLocation, name));
        }

        if (parsed.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.Static, parsed.ClassLocation, name));
        }

        if (parsed.IsGeneric)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.Generic, parsed.ClassLocation, name));
        }

        if (parsed.NonPartialContainer is { } container)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ContainerNotPartial, parsed.ClassLocation, name, container));
        }

        if (parsed.PrimaryConstructor is { } parameters)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PrimaryConstructor, parameters, name));
        }

        foreach (LocationInfo constructor in parsed.UnchainedConstructors)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnchainedConstructor, constructor, name));
        }
    }

    private static string WithArticle(string kind) =>
        (kind.Length > 0 && "aeiou".IndexOf(kind[0]) >= 0 ? "an " : "a ") + kind;

    private static string HowToWrite(UnreadableAttribute attribute) => (attribute.Attribute, attribute.CompilerError) switch
    {
        ("Network", "CS0579") => "declare [Network] once",
        ("Network", _) => "write [Network(Inputs = n, Loss = Loss.X)] with constant values",
        ("Dense", _) => "write [Dense(units, Activation.X)] with constant values, optionally with Init, Alpha, Mean or StdDev",
        ("Input", _) => "write [Input(channels, height, width)] with constant values",
        ("Conv2D", _) => "write [Conv2D(filters, kernel, Activation.X)] with constant values, optionally with Stride, Padding, Init or UseBias",
        ("MaxPool2D", _) => "write [MaxPool2D(size)] with a constant size, optionally with Stride",
        ("Flatten", _) => "write [Flatten] without arguments",
        _ => "write [Dropout(rate)] with a constant rate",
    };

    private static void ValidateLayers(ParsedNetwork parsed, List<DiagnosticInfo> diagnostics)
    {
        NetworkSpec spec = parsed.Spec;
        int last = spec.Layers.Count - 1;
        for (int i = 0; i <= last; i++)
        {
            LayerSpec layer = spec.Layers[i];
            LocationInfo location = parsed.LayerSites[i].Location;
            int position = i + 1;
            if (!parsed.LayerSites[i].OnNetworkDeclaration)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.LayerAwayFromNetwork, location, layer.Kind.ToString(), spec.ClassName));
            }

            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    if (layer.Units < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnitsBelowOne, location, position, layer.Units, spec.ClassName));
                    }

                    if (!IsDefined(layer.Activation))
                    {
                        diagnostics.Add(Undefined($"The activation of layer {position}", spec.ClassName, layer.Activation, location));
                    }

                    if (!IsDefined(layer.Init))
                    {
                        diagnostics.Add(Undefined($"The initializer of layer {position}", spec.ClassName, layer.Init, location));
                    }

                    if (!IsDefined(layer.BiasInit))
                    {
                        diagnostics.Add(Undefined($"The bias initializer of layer {position}", spec.ClassName, layer.BiasInit, location));
                    }

                    ValidateNumbers(layer, position, spec.ClassName, location, diagnostics);
                    ValidateUnusedArguments(layer, position, spec.ClassName, location, diagnostics);

                    if (layer.Activation == ActivationKind.Softmax && i != last)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxNotLast, location, position, spec.ClassName));
                    }

                    break;

                case LayerKind.Dropout:
                    // Written so that NaN fails too.
                    if (!(layer.Rate >= 0 && layer.Rate < 1))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DropoutRateOutOfRange, location, position, layer.Rate.ToString("R", CultureInfo.InvariantCulture), spec.ClassName));
                    }

                    if (i == last)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DropoutLast, location, position, spec.ClassName));
                    }

                    break;
            }
        }
    }

    // Alpha shapes only LeakyReLU and ELU; Mean and StdDev only Init.Normal or BiasInit = Init.Normal; BiasInit only a
    // layer with a bias. Written anywhere else, the argument changes nothing, so the declaration does not say what the
    // network does.
    private static void ValidateUnusedArguments(LayerSpec layer, int position, string network, LocationInfo location, List<DiagnosticInfo> diagnostics)
    {
        if ((layer.Written & NamedArguments.Alpha) != 0 && IsDefined(layer.Activation) && !TakesAlpha(layer.Activation))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Diagnostics.UnusedLayerArgument, location, position, network, "Alpha", $"Activation.{layer.Activation}",
                "use Activation.LeakyReLU, Activation.ELU or Activation.PReLU (its initial slope), or remove Alpha"));
        }

        if ((layer.Written & NamedArguments.BiasInit) != 0 && !layer.UseBias)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Diagnostics.UnusedLayerArgument, location, position, network, "BiasInit", "a layer declared with UseBias = false",
                "remove BiasInit, or UseBias = false"));
        }

        if (IsDefined(layer.Init) && layer.Init != InitKind.Normal && !DrawsNormalBiases(layer))
        {
            foreach ((NamedArguments flag, string argument) in new[] { (NamedArguments.Mean, "Mean"), (NamedArguments.StdDev, "StdDev") })
            {
                if ((layer.Written & flag) != 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        Diagnostics.UnusedLayerArgument, location, position, network, argument, $"Init.{layer.Init}",
                        $"set Init = Init.Normal (or BiasInit = Init.Normal), or remove {argument}"));
                }
            }
        }
    }

    private static bool DrawsNormalBiases(LayerSpec layer) => layer.UseBias && layer.BiasInit == InitKind.Normal;

    private static bool TakesAlpha(ActivationKind activation) => activation is ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.PReLU;

    /// <summary>The rules that tie the output layer's activation to the loss.</summary>
    private static void ValidateOutputLayer(ParsedNetwork parsed, List<DiagnosticInfo> diagnostics)
    {
        NetworkSpec spec = parsed.Spec;
        int index = LastDenseIndex(spec);
        if (index < 0 || spec.Layers[index].Units < 1)
        {
            return;
        }

        LayerSpec output = spec.Layers[index];
        LocationInfo location = parsed.LayerSites[index].Location;
        int position = index + 1;
        string name = spec.ClassName;

        if (output.Units == 1 && output.Activation == ActivationKind.Softmax)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxOverOneUnit, location, position, name, "applies Softmax"));
        }
        else if (output.Units == 1 && spec.Loss == LossKind.SoftmaxCrossEntropy)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxOverOneUnit, location, position, name, "feeds Loss.SoftmaxCrossEntropy, which takes a softmax"));
        }

        switch (spec.Loss)
        {
            case LossKind.BinaryCrossEntropy when output.Activation is ActivationKind.Identity or ActivationKind.Tanh or ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.Step or ActivationKind.Sign or ActivationKind.PReLU:
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BinaryCrossEntropyOutsideZeroOne, location, position, name, output.Activation.ToString()));
                break;
            case LossKind.BinaryCrossEntropy when output.Activation == ActivationKind.Softmax:
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxUnderBinaryCrossEntropy, location, position, name));
                break;
            case LossKind.SoftmaxCrossEntropy when SquashedLogits(output.Activation) is { } effect:
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxCrossEntropyOverSquashedOutput, location, position, name, output.Activation.ToString(), effect));
                break;
            case LossKind.MeanSquaredError when output.Activation == ActivationKind.Softmax && output.Units > 1:
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxUnderMeanSquaredError, location, position, name));
                break;
        }
    }

    /// <summary>What an activation between the logits and the softmax does to them, or null for Identity and Softmax.</summary>
    private static string? SquashedLogits(ActivationKind activation) => activation switch
    {
        ActivationKind.Sigmoid => "squeezes them into (0, 1), so no class can ever get a confident probability",
        ActivationKind.Tanh => "squeezes them into (-1, 1), so no class can ever get a confident probability",
        ActivationKind.ReLU => "sets every negative logit to 0, where it stops learning",
        ActivationKind.LeakyReLU => "only rescales the negative logits, and shrinks their gradient by Alpha",
        ActivationKind.ELU => "floors them at -Alpha, so an unlikely class can never get a probability near 0",
        ActivationKind.PReLU => "only rescales the negative logits by learned slopes, which the layer's weights can already do",
        ActivationKind.Step => "reduces them to 0 or 1, so every probability takes one of two values and no gradient passes",
        ActivationKind.Sign => "reduces them to -1 or +1, so every probability takes one of two values and no gradient passes",
        _ => null,
    };

    /// <summary>Habits that make a legal network learn badly: warnings and infos, never errors.</summary>
    private static void ValidateHiddenLayers(ParsedNetwork parsed, List<DiagnosticInfo> diagnostics)
    {
        NetworkSpec spec = parsed.Spec;
        int output = LastDenseIndex(spec);
        int sigmoids = 0;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            LayerSpec layer = spec.Layers[i];
            if (layer.Kind != LayerKind.Dense)
            {
                continue;
            }

            LocationInfo location = parsed.LayerSites[i].Location;
            if (i != output && layer.Activation == ActivationKind.Sigmoid && ++sigmoids == DeepestSigmoidStack + 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DeepSigmoidStack, location, i + 1, spec.ClassName, sigmoids));
            }

            if (layer.Activation is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.PReLU && layer.Init is InitKind.GlorotUniform or InitKind.GlorotNormal)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.GlorotUnderReLU, location, i + 1, spec.ClassName, layer.Activation.ToString(), layer.Init.ToString(),
                    (layer.Written & NamedArguments.Init) != 0 ? "" : " (the default)"));
            }
        }
    }

    /// <summary>The most Sigmoid hidden layers before CMP0026: at 4 the first layer's gradient is at most 1/256 of the last's.</summary>
    private const int DeepestSigmoidStack = 3;

    private static int LastDenseIndex(NetworkSpec spec)
    {
        for (int i = spec.Layers.Count - 1; i >= 0; i--)
        {
            if (spec.Layers[i].Kind == LayerKind.Dense)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The user's members against the generated ones. Two members of one class collide when either is not
    /// a method (CS0102) or both are methods with the same parameter types (CS0111); an inherited member
    /// that collides would be hidden (CS0108). A class cannot have a member of its own name (CS0542).
    /// </summary>
    private static void ValidateNames(ParsedNetwork parsed, IReadOnlyList<GeneratedMember> generated, List<DiagnosticInfo> diagnostics)
    {
        string name = parsed.Spec.ClassName;
        if (generated.FirstOrDefault(g => g.Name == name) is { } namesake)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ClassNamedLikeMember, parsed.ClassLocation, name, namesake.Display(name)));
        }

        foreach (UserMember member in parsed.MembersNamedLikeGenerated)
        {
            if (generated.FirstOrDefault(g => g.Name == member.Name && Collide(member, g)) is { } taken)
            {
                string which = member.InheritedFrom is null
                    ? $"The {member.Kind} '{member.Display}'"
                    : $"The {member.Kind} '{member.Display}' inherited from '{member.InheritedFrom}'";
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NameTaken, member.Location, which, taken.Display(name), name));
            }
        }
    }

    private static bool Collide(UserMember user, GeneratedMember generated)
    {
        bool userMethod = user.Kind is "method" or "constructor";
        if (!userMethod || !generated.IsMethodLike)
        {
            return true;
        }

        return user.Parameters is { } parameters && parameters.SequenceEqual(generated.Parameters!);
    }

    // Numbers the generated code writes as float literals: each must be a finite float (1e300 is a
    // finite double but an infinite float). Alpha is written only for LeakyReLU, ELU and PReLU, Mean and
    // StdDev only for Init.Normal.
    private static void ValidateNumbers(LayerSpec layer, int position, string network, LocationInfo location, List<DiagnosticInfo> diagnostics)
    {
        void Report(string argument, double value, string rule) => diagnostics.Add(DiagnosticInfo.Create(
            Diagnostics.InvalidLayerNumber, location, position, network, argument, value.ToString("R", CultureInfo.InvariantCulture), rule));

        if (TakesAlpha(layer.Activation) && (layer.Written & NamedArguments.Alpha) != 0 && !IsFiniteFloat(layer.Alpha))
        {
            Report("Alpha", layer.Alpha, "Alpha must be a finite number within the range of float");
        }

        if (layer.Init == InitKind.Normal || DrawsNormalBiases(layer))
        {
            if (!IsFiniteFloat(layer.Mean))
            {
                Report("Mean", layer.Mean, "Mean must be a finite number within the range of float");
            }

            if (!IsFiniteFloat(layer.StdDev) || layer.StdDev < 0)
            {
                Report("StdDev", layer.StdDev, "StdDev must be a finite number of at least 0");
            }
        }
    }

    private static bool IsFiniteFloat(double value) => !float.IsNaN((float)value) && !float.IsInfinity((float)value);

    // The attribute enums are ints underneath: (Activation)42 compiles, so the generator checks.
    private static bool IsDefined<TEnum>(TEnum value)
        where TEnum : struct, System.Enum => System.Enum.IsDefined(typeof(TEnum), value);

    private static DiagnosticInfo Undefined<TEnum>(string what, string network, TEnum value, LocationInfo? location)
        where TEnum : struct, System.Enum
    {
        string publicName = typeof(TEnum).Name.Replace("Kind", "");
        return DiagnosticInfo.Create(
            Diagnostics.UndefinedEnumValue,
            location,
            what,
            network,
            publicName,
            System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
            string.Join(", ", System.Enum.GetNames(typeof(TEnum)).Select(n => publicName + "." + n)));
    }

    /// <summary>Weights and biases (where declared) of every dense layer, in 64 bits so a huge declaration cannot overflow.</summary>
    public static long CountParameters(NetworkSpec spec)
    {
        // Called only for a declaration without errors, whose image stages (if any) have valid shapes.
        ImagePlan? image = ImagePlan.Create(spec);
        long count = image?.ParameterCount ?? 0;
        long fanIn = image?.Last.Output.Size ?? spec.Inputs;
        foreach (LayerSpec layer in spec.Layers)
        {
            if (layer.Kind == LayerKind.Dense)
            {
                count += fanIn * layer.Units + (layer.UseBias ? layer.Units : 0);
                fanIn = layer.Units;
            }
        }

        return count;
    }
}
