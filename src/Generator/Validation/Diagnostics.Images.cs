using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Validation;

/// <summary>The descriptors of the image layers ([Input], [Conv2D], [MaxPool2D], [Flatten]): CMP0040 to CMP0059.</summary>
internal static partial class Diagnostics
{
    /// <summary>CMP0040: "[Input({0})] of '{1}' has {2} = {3}"</summary>
    public static readonly DiagnosticDescriptor ImageDimensionBelowOne = Error(
        "CMP0040",
        "Image input dimensions must be at least 1",
        "[Input({0})] of '{1}' has {2} = {3}: channels, height and width of the input image must each be at least 1, e.g. [Input(1, 28, 28)] for a grey 28 x 28 image");

    /// <summary>CMP0041: "The network '{0}' declares Inputs = {1}, but [Input({2})] holds {3} values"</summary>
    public static readonly DiagnosticDescriptor InputsDisagreeWithImage = Error(
        "CMP0041",
        "Inputs does not match the input image",
        "The network '{0}' declares Inputs = {1}, but [Input({2})] holds {3} values per sample: remove Inputs (the image gives it) or make the two agree");

    /// <summary>CMP0042: "Layer {0} ([{1}]) of '{2}' has no image to work on"</summary>
    public static readonly DiagnosticDescriptor ImageLayerWithoutImage = Error(
        "CMP0042",
        "Convolution or pooling without an image",
        "Layer {0} ([{1}]) of '{2}' has no image to work on: {3}");

    /// <summary>CMP0043: "Layer {0} ([{1}]) of '{2}' has {3} = {4}"</summary>
    public static readonly DiagnosticDescriptor ImageArgumentBelowOne = Error(
        "CMP0043",
        "Convolution or pooling argument below 1",
        "Layer {0} ([{1}]) of '{2}' has {3} = {4}: filters, kernel, pool size and stride must each be at least 1");

    /// <summary>CMP0044: "Layer {0} ([{1}]) of '{2}' has a {3} x {3} window, larger than its {4} input"</summary>
    public static readonly DiagnosticDescriptor WindowLargerThanInput = Error(
        "CMP0044",
        "Window larger than its input",
        "Layer {0} ([{1}]) of '{2}' has a {3} x {3} window, larger than its {4} input: no position of the window fits; use a smaller kernel or pool, remove a pooling layer before it, or (for Conv2D) Padding = Padding.Same");

    /// <summary>CMP0045: "Layer {0} ([{1}]) of '{2}' does not tile its {3} input"</summary>
    public static readonly DiagnosticDescriptor WindowDoesNotTile = Error(
        "CMP0045",
        "Output size is not a whole number",
        "Layer {0} ([{1}]) of '{2}' does not tile its {3} input: (input - window) / stride + 1 = ({4} - {5}) / {6} + 1 is not a whole number, so the last {7} of the input would be ignored; change the window or the stride, or (for Conv2D) use Padding = Padding.Same");

    /// <summary>CMP0046: "Layer {0} ([Dense]) of '{1}' follows the image {2} without [Flatten]"</summary>
    public static readonly DiagnosticDescriptor DenseOnImage = Error(
        "CMP0046",
        "Dense layer on an image",
        "Layer {0} ([Dense]) of '{1}' follows the image {2} without [Flatten]: a dense layer takes a row of features; write [Flatten] before it");

    /// <summary>CMP0047: "Layer {0} ([Flatten]) of '{1}' has nothing to flatten"</summary>
    public static readonly DiagnosticDescriptor FlattenOfFlatData = Error(
        "CMP0047",
        "Flatten of data that is already flat",
        "Layer {0} ([Flatten]) of '{1}' has nothing to flatten: {2}; remove it");

    /// <summary>CMP0048: "Layer {0} ([Dropout]) of '{1}' is between image layers"</summary>
    public static readonly DiagnosticDescriptor DropoutOnImage = Error(
        "CMP0048",
        "Dropout between image layers",
        "Layer {0} ([Dropout]) of '{1}' is between image layers, which do not support dropout yet: put it after [Flatten]");

    /// <summary>CMP0049: "The last layer of '{0}' is [{1}]"</summary>
    public static readonly DiagnosticDescriptor LastLayerNotDense = Error(
        "CMP0049",
        "Network must end with a Dense layer",
        "The last layer of '{0}' is [{1}]: the network's outputs come from a dense layer; end with [Flatten] and [Dense(outputs)]");

    /// <summary>CMP0050: "Layer {0} ([Conv2D]) of '{1}' uses Activation.PReLU"</summary>
    public static readonly DiagnosticDescriptor PReluOnConvolution = Error(
        "CMP0050",
        "PReLU on a convolution",
        "Layer {0} ([Conv2D]) of '{1}' uses Activation.PReLU, whose learned slopes exist only for [Dense] layers so far; use Activation.LeakyReLU (a fixed slope) or ReLU");
}
