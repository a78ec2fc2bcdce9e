using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Validation;

/// <summary>
/// The catalog of Compiled's compiler diagnostics. Every ID is documented in docs/diagnostics.md and
/// recorded in AnalyzerReleases.Unshipped.md; the messages say how to fix the declaration.
/// </summary>
/// <remarks>
/// An error is a declaration the generator cannot turn into a network that compiles and learns; it
/// withholds the source. A warning or info is a legal network that is probably not what was meant:
/// the source is generated, and the usual <c>#pragma warning disable</c> or .editorconfig severity
/// silences it. docs/diagnostics.md argues each severity.
/// </remarks>
internal static partial class Diagnostics
{
    private const string Category = "Compiled";
    // The repository has no published address yet; the link is the page's path inside it.
    private const string HelpBase = "docs/diagnostics.md#";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());

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

    /// <summary>CMP0014: "'{0}' is declared as {1}, but a network must be a class"</summary>
    public static readonly DiagnosticDescriptor NotAClass = Error(
        "CMP0014",
        "Network must be a class",
        "'{0}' is declared as {1}, but a network must be a class: write 'partial class {0}'");

    /// <summary>CMP0015: "{0} of '{1}' could not be read ({2})"</summary>
    public static readonly DiagnosticDescriptor UnreadableAttribute = Error(
        "CMP0015",
        "Attribute could not be read",
        "{0} of '{1}' could not be read ({2}): {3}; until then nothing is generated for '{1}'");

    /// <summary>CMP0016: "{0} collides with the generated {1} of network '{2}'"</summary>
    public static readonly DiagnosticDescriptor NameTaken = Error(
        "CMP0016",
        "Member collides with a generated member",
        "{0} collides with the generated {1} of network '{2}': rename it");

    /// <summary>CMP0017: "The network class '{0}' has the name of its generated {1}"</summary>
    public static readonly DiagnosticDescriptor ClassNamedLikeMember = Error(
        "CMP0017",
        "Network class named like a generated member",
        "The network class '{0}' has the name of its generated {1}: C# does not allow a member named like its class, rename the class");

    /// <summary>CMP0018: "The network class '{0}' declares a primary constructor"</summary>
    public static readonly DiagnosticDescriptor PrimaryConstructor = Error(
        "CMP0018",
        "Network class cannot have a primary constructor",
        "The network class '{0}' declares a primary constructor: the generated constructor '{0}(int seed, int maxBatch)' allocates the network's buffers and cannot also call yours; remove the parameter list and keep the values in fields or properties");

    /// <summary>CMP0028: "A constructor of the network class '{0}' does not call this(...)"</summary>
    public static readonly DiagnosticDescriptor UnchainedConstructor = Error(
        "CMP0028",
        "Network constructor must call the generated constructor",
        "A constructor of the network class '{0}' does not call this(...): the generated constructor '{0}(int seed, int maxBatch)' allocates the parameters and buffers, and without it the network is left unusable; chain to it, e.g. ': this(seed: 0, maxBatch: 256)'");

    /// <summary>CMP0019: "[{0}] on this declaration of '{1}' is not on the declaration that carries [Network]"</summary>
    public static readonly DiagnosticDescriptor LayerAwayFromNetwork = Error(
        "CMP0019",
        "Layers must be declared beside [Network]",
        "[{0}] on this declaration of '{1}' is not on the declaration that carries [Network]: layers on several partial declarations have no defined order; move every [Dense] and [Dropout] to the declaration with [Network]");

    /// <summary>CMP0020: "Layer {0} of '{1}' {2} over a single unit"</summary>
    public static readonly DiagnosticDescriptor SoftmaxOverOneUnit = Error(
        "CMP0020",
        "Softmax over a single unit",
        "Layer {0} of '{1}' {2} over a single unit: the softmax of one value is always 1, so the output never changes and nothing is learned; for a yes/no output use [Dense(1, Activation.Sigmoid)] with Loss.BinaryCrossEntropy, for k classes give the layer k units");

    /// <summary>CMP0021: "The output layer (layer {0}) of '{1}' uses Activation.{2} under Loss.BinaryCrossEntropy"</summary>
    public static readonly DiagnosticDescriptor BinaryCrossEntropyOutsideZeroOne = Error(
        "CMP0021",
        "Binary cross-entropy needs outputs between 0 and 1",
        "The output layer (layer {0}) of '{1}' uses Activation.{2} under Loss.BinaryCrossEntropy: the loss takes log(y) and log(1 - y), which are undefined for the values outside (0, 1) that {2} produces; use Activation.Sigmoid on the output layer (the loss then fuses with it)");

    /// <summary>CMP0022: "The output layer (layer {0}) of '{1}' uses Activation.{2} under Loss.SoftmaxCrossEntropy"</summary>
    public static readonly DiagnosticDescriptor SoftmaxCrossEntropyOverSquashedOutput = Error(
        "CMP0022",
        "Softmax cross-entropy needs logits",
        "The output layer (layer {0}) of '{1}' uses Activation.{2} under Loss.SoftmaxCrossEntropy, which applies the softmax itself: passing the logits through {2} first {3}; declare the output layer without an activation (logits) or with Activation.Softmax");

    /// <summary>CMP0023: "Layer {0} ([Dense]) of '{1}' sets {2}, which {3} does not use"</summary>
    public static readonly DiagnosticDescriptor UnusedLayerArgument = Error(
        "CMP0023",
        "Layer argument has no effect",
        "Layer {0} ([Dense]) of '{1}' sets {2}, which {3} does not use: {4}");

    /// <summary>CMP0024: "The output layer (layer {0}) of '{1}' uses Softmax under Loss.BinaryCrossEntropy"</summary>
    public static readonly DiagnosticDescriptor SoftmaxUnderBinaryCrossEntropy = Warning(
        "CMP0024",
        "Softmax output under binary cross-entropy",
        "The output layer (layer {0}) of '{1}' uses Softmax under Loss.BinaryCrossEntropy: softmax makes the outputs compete (they sum to 1) while binary cross-entropy scores each one as an independent yes/no; use Loss.SoftmaxCrossEntropy for one class per sample, or Activation.Sigmoid for independent labels");

    /// <summary>CMP0025: "The output layer (layer {0}) of '{1}' uses Softmax under Loss.MeanSquaredError"</summary>
    public static readonly DiagnosticDescriptor SoftmaxUnderMeanSquaredError = Info(
        "CMP0025",
        "Softmax output under mean squared error",
        "The output layer (layer {0}) of '{1}' uses Softmax under Loss.MeanSquaredError: the gradient passes through the softmax's Jacobian and fades when a prediction is confidently wrong; Loss.SoftmaxCrossEntropy learns from dz = p - t directly");

    /// <summary>CMP0026: "Layer {0} of '{1}' is its Sigmoid hidden layer number {2}"</summary>
    public static readonly DiagnosticDescriptor DeepSigmoidStack = Warning(
        "CMP0026",
        "More than 3 Sigmoid hidden layers",
        "Layer {0} of '{1}' is its Sigmoid hidden layer number {2}: each Sigmoid scales the gradient by at most 0.25 on its way back, so the first layers of a deep Sigmoid stack barely learn (vanishing gradients); use ReLU or Tanh for hidden layers");

    /// <summary>CMP0027: "Layer {0} ([Dense]) of '{1}' initializes a {2} layer with Init.{3}"</summary>
    public static readonly DiagnosticDescriptor GlorotUnderReLU = Info(
        "CMP0027",
        "Glorot initializer on a ReLU layer",
        "Layer {0} ([Dense]) of '{1}' initializes a {2} layer with Init.{3}{4}: Glorot's scale suits activations symmetric around 0, while {2} passes about half of its inputs, so activations shrink layer by layer; Init.HeNormal or Init.HeUniform keeps their variance");

    /// <summary>CMP0030: "'{0}.{1}' trains by gradient descent, but layer {2} uses Activation.{3}"</summary>
    public static readonly DiagnosticDescriptor StepTrainedByGradientDescent = Warning(
        "CMP0030",
        "Step or Sign network trained by gradient descent",
        "'{0}.{1}' trains by gradient descent, but layer {2} uses Activation.{3}, whose derivative is 0 wherever it is defined: the gradient of {4} is always 0, so they never learn; train a single Step or Sign layer with Compiled.Training.PerceptronRule.Train (the perceptron rule), or use Sigmoid or Tanh where gradients must pass");

    /// <summary>The warnings and infos: reported by <see cref="Analysis.NetworkAnalyzer"/>, the errors by the generator.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> Advisories = System.Collections.Immutable.ImmutableArray.Create(
        SoftmaxUnderBinaryCrossEntropy,
        SoftmaxUnderMeanSquaredError,
        DeepSigmoidStack,
        GlorotUnderReLU,
        StepTrainedByGradientDescent);
}
