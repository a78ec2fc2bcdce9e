using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Validation;

/// <summary>
/// The catalog of Compiled's compiler diagnostics. Every ID is documented in docs/diagnostics.md and
/// recorded in AnalyzerReleases.Unshipped.md; the messages say how to fix the declaration.
/// </summary>
internal static class Diagnostics
{
    private const string Category = "Compiled";
    // The repository has no published address yet; the link is the page's path inside it.
    private const string HelpBase = "docs/diagnostics.md#";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());

    /// <summary>CMP0001: "The network class '{0}' must be declared partial so the generator can add its members"</summary>
    public static readonly DiagnosticDescriptor NotPartial = Error(
        "CMP0001",
        "Network class must be partial",
        "The network class '{0}' must be declared partial so the generator can add its members: write 'partial class {0}'");

    /// <summary>CMP0002: "The network '{0}' has no layers"</summary>
    public static readonly DiagnosticDescriptor NoLayers = Error(
        "CMP0002",
        "Network has no layers",
        "The network '{0}' has no layers: add at least one [Dense(units)] attribute below [Network]");

    /// <summary>CMP0003: "The network '{0}' declares Inputs = {1}"</summary>
    public static readonly DiagnosticDescriptor InputsBelowOne = Error(
        "CMP0003",
        "Network inputs must be at least 1",
        "The network '{0}' declares Inputs = {1}: set Inputs to the number of features of one sample (at least 1), e.g. [Network(Inputs = 784)]");

    /// <summary>CMP0004: "Layer {0} ([Dense({1})]) of '{2}' has {1} units"</summary>
    public static readonly DiagnosticDescriptor UnitsBelowOne = Error(
        "CMP0004",
        "Dense layer units must be at least 1",
        "Layer {0} ([Dense({1})]) of '{2}' has {1} units: a dense layer needs at least 1 unit");

    /// <summary>CMP0005: "Layer {0} ([Dropout({1})]) of '{2}' has rate {1}"</summary>
    public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error(
        "CMP0005",
        "Dropout rate must be in [0, 1)",
        "Layer {0} ([Dropout({1})]) of '{2}' has rate {1}: the probability of dropping an activation must be at least 0 and below 1");

    /// <summary>CMP0006: "Layer {0} of '{1}' uses Softmax but is not the last layer"</summary>
    public static readonly DiagnosticDescriptor SoftmaxNotLast = Error(
        "CMP0006",
        "Softmax only on the last layer",
        "Layer {0} of '{1}' uses Softmax but is not the last layer: use Softmax only on the output layer (or Loss.SoftmaxCrossEntropy with an Identity output), and ReLU, Tanh or Sigmoid for hidden layers");

    /// <summary>CMP0007: "Layer {0} ([Dropout]) of '{1}' is the last layer"</summary>
    public static readonly DiagnosticDescriptor DropoutLast = Error(
        "CMP0007",
        "Dropout cannot be the last layer",
        "Layer {0} ([Dropout]) of '{1}' is the last layer: dropout would randomize the network's outputs; put it between dense layers");

    /// <summary>CMP0008: "The network class '{0}' is generic"</summary>
    public static readonly DiagnosticDescriptor Generic = Error(
        "CMP0008",
        "Network class cannot be generic",
        "The network class '{0}' is generic or nested in a generic type: a network's sizes and element type are fixed, remove the type parameters");

    /// <summary>CMP0009: "The network class '{0}' is nested in '{1}', which is not partial"</summary>
    public static readonly DiagnosticDescriptor ContainerNotPartial = Error(
        "CMP0009",
        "Containing type must be partial",
        "The network class '{0}' is nested in '{1}', which is not partial: declare '{1}' partial too, or move the network to namespace level");

    /// <summary>CMP0010: "The network class '{0}' is static"</summary>
    public static readonly DiagnosticDescriptor Static = Error(
        "CMP0010",
        "Network class cannot be static",
        "The network class '{0}' is static: a network holds its weights in instance buffers, remove 'static'");

    /// <summary>CMP0011: "The network '{0}' has {1} parameters"</summary>
    public static readonly DiagnosticDescriptor TooManyParameters = Error(
        "CMP0011",
        "Network too large",
        "The network '{0}' has {1} parameters, more than one .NET array can hold (2,147,483,591): reduce the layer sizes");

    /// <summary>CMP0012: "{0} of '{1}' is ({2}){3}, which is not a defined {2}"</summary>
    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
        "CMP0012",
        "Undefined activation, loss or initializer",
        "{0} of '{1}' is ({2}){3}, which is not a defined {2}: use one of {4}");

    /// <summary>CMP0013: "Layer {0} ([Dense]) of '{1}' has {2} = {3}"</summary>
    public static readonly DiagnosticDescriptor InvalidLayerNumber = Error(
        "CMP0013",
        "Layer argument out of range",
        "Layer {0} ([Dense]) of '{1}' has {2} = {3}: {4}");
}
