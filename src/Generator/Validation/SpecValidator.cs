using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Compiled.Generator.Model;

namespace Compiled.Generator.Validation;

/// <summary>
/// Checks a parsed declaration against the rules the emitter relies on. Any error withholds the
/// source, so the generator never emits code that does not compile; the diagnostic says why.
/// </summary>
internal static class SpecValidator
{
    /// <summary>The largest number of elements of a single-dimensional float array (Array.MaxLength).</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    public static ValidatedNetwork Validate(ParsedNetwork parsed)
    {
        NetworkSpec spec = parsed.Spec;
        string name = spec.ClassName;
        var diagnostics = new List<DiagnosticInfo>();

        if (parsed.UnreadableAttribute is not null)
        {
            // The compiler reports the malformed attribute itself; generating from a guess would add noise.
            return new ValidatedNetwork(null, EquatableArray<DiagnosticInfo>.Empty);
        }

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

        if (spec.Inputs < 1)
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

        if (diagnostics.Count == 0 && CountParameters(spec) is var count && count > MaxArrayLength)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooManyParameters, parsed.ClassLocation, name, count.ToString("N0", CultureInfo.InvariantCulture)));
        }

        return new ValidatedNetwork(diagnostics.Count == 0 ? spec : null, diagnostics.ToEquatableArray());
    }

    private static void ValidateLayers(ParsedNetwork parsed, List<DiagnosticInfo> diagnostics)
    {
        NetworkSpec spec = parsed.Spec;
        int last = spec.Layers.Count - 1;
        for (int i = 0; i <= last; i++)
        {
            LayerSpec layer = spec.Layers[i];
            LocationInfo location = parsed.LayerLocations[i];
            int position = i + 1;
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

                    ValidateNumbers(layer, position, spec.ClassName, location, diagnostics);

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

    // Numbers the generated code writes as float literals: each must be a finite float (1e300 is a
    // finite double but an infinite float). Alpha is written only for LeakyReLU and ELU, Mean and
    // StdDev only for Init.Normal.
    private static void ValidateNumbers(LayerSpec layer, int position, string network, LocationInfo location, List<DiagnosticInfo> diagnostics)
    {
        void Report(string argument, double value, string rule) => diagnostics.Add(DiagnosticInfo.Create(
            Diagnostics.InvalidLayerNumber, location, position, network, argument, value.ToString("R", CultureInfo.InvariantCulture), rule));

        if (layer.Activation is ActivationKind.LeakyReLU or ActivationKind.ELU && !double.IsNaN(layer.Alpha) && !IsFiniteFloat(layer.Alpha))
        {
            Report("Alpha", layer.Alpha, "Alpha must be a finite number within the range of float");
        }

        if (layer.Init == InitKind.Normal)
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

    /// <summary>Weights and biases of every dense layer, in 64 bits so a huge declaration cannot overflow.</summary>
    public static long CountParameters(NetworkSpec spec)
    {
        long count = 0;
        long fanIn = spec.Inputs;
        foreach (LayerSpec layer in spec.Layers)
        {
            if (layer.Kind == LayerKind.Dense)
            {
                count += fanIn * layer.Units + layer.Units;
                fanIn = layer.Units;
            }
        }

        return count;
    }
}
