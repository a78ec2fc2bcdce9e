namespace Compiled.Generator.Model;

/// <summary>
/// Everything the emitter needs to know about one <c>[Network]</c> class. Holds no symbols, syntax
/// or locations, so moving the declaration in its file does not regenerate the source.
/// </summary>
/// <param name="Namespace">The class's namespace, or empty for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first, each as its declaration keyword and name.</param>
/// <param name="Inputs">Features of one input sample.</param>
/// <param name="Loss">The loss the network minimizes.</param>
/// <param name="Layers">Layer attributes in the order they are written.</param>
/// <param name="Image">The input's shape from <c>[Input(channels, height, width)]</c>, or null for a flat input.</param>
internal sealed record NetworkSpec(
    string Namespace,
    string ClassName,
    EquatableArray<ContainingType> ContainingTypes,
    int Inputs,
    LossKind Loss,
    EquatableArray<LayerSpec> Layers,
    ImageShape? Image = null);

/// <summary>The shape of one sample's image: channels x height x width, stored NCHW.</summary>
internal sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Floats of one sample, in 64 bits so that a huge declaration cannot overflow.</summary>
    public long Size => (long)Channels * Height * Width;

    /// <summary>Rows times columns of one plane.</summary>
    public long Pixels => (long)Height * Width;

    public override string ToString() => $"{Channels} x {Height} x {Width}";
}

/// <summary>An enclosing type of a nested network class, e.g. <c>("partial class", "Models")</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name);
