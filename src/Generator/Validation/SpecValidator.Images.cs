using System.Collections.Generic;
using System.Globalization;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Validation;

/// <summary>
/// The rules of the image layers: the input's shape, then each [Conv2D] and [MaxPool2D] with the shape inferred from
/// the layers before it, [Flatten] between the image layers and the dense ones, and a dense layer last.
/// </summary>
internal static partial class SpecValidator
{
    private static void ValidateImageLayers(ParsedNetwork parsed, List<DiagnosticInfo> diagnostics)
    {
        NetworkSpec spec = parsed.Spec;
        string name = spec.ClassName;

        // The image the next layer reads; null once the data is flat (no [Input], or after [Flatten] or a dense layer).
        ImageShape? shape = null;
        bool known = true; // false after a layer whose shape could not be inferred: later shape rules would report guesses
        if (spec.Image is { } image)
        {
            string written = $"{image.Channels}, {image.Height}, {image.Width}";
            foreach ((string dimension, int value) in new[] { ("channels", image.Channels), ("height", image.Height), ("width", image.Width) })
            {
                if (value < 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ImageDimensionBelowOne, parsed.InputAttributeLocation, written, name, dimension, value));
                    known = false;
                }
            }

            if (known && spec.Inputs != image.Size)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.InputsDisagreeWithImage, parsed.NetworkAttributeLocation, name, spec.Inputs, written, image.Size.ToString("N0", CultureInfo.InvariantCulture)));
            }

            shape = image;
        }

        for (int i = 0; i < spec.Layers.Count; i++)
        {
            LayerSpec layer = spec.Layers[i];
            LocationInfo location = parsed.LayerSites[i].Location;
            int position = i + 1;
            switch (layer.Kind)
            {
                case LayerKind.Conv2D or LayerKind.MaxPool2D:
                    if (shape is null)
                    {
                        string why = spec.Image is null
                            ? "the network's input is a flat row of features; declare its shape with [Input(channels, height, width)] beside [Network]"
                            : "an earlier [Flatten] or [Dense] made the data flat; put every [Conv2D] and [MaxPool2D] before [Flatten]";
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ImageLayerWithoutImage, location, position, layer.Kind.ToString(), name, why));
                        known = false;
                        break;
                    }

                    if (ValidateImageLayer(layer, position, name, location, shape, known, diagnostics) is { } output)
                    {
                        shape = output;
                    }
                    else
                    {
                        known = false;
                    }

                    break;

                case LayerKind.Flatten:
                    if (shape is null)
                    {
                        string why = i > 0 && spec.Layers[i - 1].Kind == LayerKind.Flatten ? "the layer before it is [Flatten] too"
                            : spec.Image is null ? "the network's input is a flat row of features"
                            : "the data is flat after the dense layers before it";
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.FlattenOfFlatData, location, position, name, why));
                    }

                    shape = null;
                    break;

                case LayerKind.Dense:
                    if (shape is not null && known)
                    {
                        string what = i == 0 ? $"input ({shape})" : $"maps of layer {position - 1} ({shape})";
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DenseOnImage, location, position, name, what));
                    }

                    shape = null;
                    break;

                case LayerKind.Dropout:
                    if (shape is not null && HasImageLayers(spec))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DropoutOnImage, location, position, name));
                    }

                    break;
            }
        }

        if (spec.Layers.Count > 0 && spec.Layers[spec.Layers.Count - 1] is { Kind: LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.Flatten } last)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.LastLayerNotDense, parsed.LayerSites[spec.Layers.Count - 1].Location, name, last.Kind.ToString()));
        }
    }

    private static bool HasImageLayers(NetworkSpec spec)
    {
        foreach (LayerSpec layer in spec.Layers)
        {
            if (layer.IsImageLayer)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A [Conv2D]'s or [MaxPool2D]'s own arguments, then its window against <paramref name="input"/> (when the shapes
    /// before it are <paramref name="known"/>). Returns its output shape, or null when it has none.
    /// </summary>
    private static ImageShape? ValidateImageLayer(LayerSpec layer, int position, string network, LocationInfo location, ImageShape input, bool known, List<DiagnosticInfo> diagnostics)
    {
        bool convolution = layer.Kind == LayerKind.Conv2D;
        string kind = layer.Kind.ToString();
        int stride = convolution ? layer.Stride : layer.PoolStride;
        var arguments = convolution
            ? new[] { ("filters", layer.Units), ("kernel", layer.Kernel), ("Stride", layer.Stride) }
            : (layer.Written & NamedArguments.Stride) != 0
                ? new[] { ("size", layer.Kernel), ("Stride", stride) }
                : new[] { ("size", layer.Kernel) }; // the stride left out is the size: one report
        bool valid = true;
        foreach ((string argument, int value) in arguments)
        {
            if (value < 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ImageArgumentBelowOne, location, position, kind, network, argument, value));
                valid = false;
            }
        }

        if (convolution)
        {
            if (!IsDefined(layer.Activation))
            {
                diagnostics.Add(Undefined($"The activation of layer {position}", network, layer.Activation, location));
            }
            else if (layer.Activation == ActivationKind.Softmax)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SoftmaxNotLast, location, position, network));
            }
            else if (layer.Activation == ActivationKind.PReLU)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PReluOnConvolution, location, position, network));
            }

            if (!IsDefined(layer.Init))
            {
                diagnostics.Add(Undefined($"The initializer of layer {position}", network, layer.Init, location));
            }

            if (!IsDefined(layer.Padding))
            {
                diagnostics.Add(Undefined($"The padding of layer {position}", network, layer.Padding, location));
                valid = false;
            }
        }

        if (!valid || !known)
        {
            return null;
        }

        bool same = convolution && layer.Padding == PaddingKind.Same;
        int window = layer.Kernel;
        if (!same)
        {
            if (window > input.Height || window > input.Width)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.WindowLargerThanInput, location, position, kind, network, window, input.ToString()));
                return null;
            }

            foreach ((int size, string leftOver) in new[] { (input.Height, "rows"), (input.Width, "columns") })
            {
                if ((size - window) % stride != 0)
                {
                    int ignored = (size - window) % stride;
                    diagnostics.Add(DiagnosticInfo.Create(
                        Diagnostics.WindowDoesNotTile, location, position, kind, network, input.ToString(), size, window, stride,
                        ignored == 1 ? leftOver.TrimEnd('s') : $"{ignored} {leftOver}"));
                    return null;
                }
            }
        }

        return new ImageShape(
            convolution ? layer.Units : input.Channels,
            ImagePlan.OutputSize(input.Height, window, stride, same),
            ImagePlan.OutputSize(input.Width, window, stride, same));
    }
}
