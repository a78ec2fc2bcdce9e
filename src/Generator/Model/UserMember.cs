namespace Compiled.Generator.Model;

/// <summary>
/// A member of the network class whose name the generator may also use (only such members are
/// recorded, so editing any other member changes nothing in the pipeline).
/// </summary>
/// <param name="Name">The member's metadata name: <c>Forward</c>, <c>.ctor</c>, <c>Compiled.INetwork.InputSize</c>.</param>
/// <param name="Kind">What it is, in the words of a message: field, property, method, constructor, nested type, event.</param>
/// <param name="Parameters">
/// For a method or constructor whose parameters are all passed by value, their types (see
/// <see cref="Parsing.SpecReader.TypeFormat"/>); null for other members and for methods with a
/// <c>ref</c>, <c>in</c> or <c>out</c> parameter, which never share a signature with a generated method.
/// </param>
/// <param name="Display">How the message names it, e.g. <c>Forward(ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)</c>.</param>
/// <param name="InheritedFrom">The base class that declares it, or null for a member of the network class itself.</param>
/// <param name="Location">The member's name where it is declared (the class name for an inherited member).</param>
internal sealed record UserMember(
    string Name,
    string Kind,
    EquatableArray<string>? Parameters,
    string Display,
    string? InheritedFrom,
    LocationInfo? Location);

/// <summary>An attribute of the declaration that the compiler could not bind, so its values are unknown.</summary>
/// <param name="Attribute">The attribute as the user names it: <c>Network</c>, <c>Dense</c>, <c>Dropout</c>.</param>
/// <param name="Layer">Its position among the layer attributes, from 1; 0 for <c>[Network]</c>.</param>
/// <param name="CompilerError">The first compiler error inside it, e.g. <c>CS1503</c>, or a short reason.</param>
/// <param name="Location">The attribute.</param>
internal sealed record UnreadableAttribute(string Attribute, int Layer, string CompilerError, LocationInfo? Location);

/// <summary>Where a layer attribute is written.</summary>
/// <param name="Location">The attribute.</param>
/// <param name="OnNetworkDeclaration">Whether it sits on the same partial declaration as <c>[Network]</c>.</param>
internal sealed record LayerSite(LocationInfo Location, bool OnNetworkDeclaration);
