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
internal sealed record NetworkSpec(
    string Namespace,
    string ClassName,
    EquatableArray<ContainingType> ContainingTypes,
    int Inputs,
    LossKind Loss,
    EquatableArray<LayerSpec> Layers);

/// <summary>An enclosing type of a nested network class, e.g. <c>("partial class", "Models")</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name);
