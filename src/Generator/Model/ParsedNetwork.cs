namespace Compiled.Generator.Model;

/// <summary>
/// What the parser read from one <c>[Network]</c> declaration: the spec and the facts and locations the
/// validator needs to report problems at the right place.
/// </summary>
/// <param name="Spec">The declaration as plain values.</param>
/// <param name="TypeKind">The declaration's keyword: <c>class</c>, or what was written instead (<c>record</c>, <c>struct</c>, ...).</param>
/// <param name="ClassLocation">The class name in its declaration.</param>
/// <param name="NetworkAttributeLocation">The <c>[Network(...)]</c> attribute.</param>
/// <param name="LayerSites">Each readable layer attribute, parallel to <see cref="NetworkSpec.Layers"/>.</param>
/// <param name="IsPartial">The declaration carries <c>partial</c>.</param>
/// <param name="IsStatic">The class is <c>static</c>.</param>
/// <param name="IsGeneric">The class or one of its containing types has type parameters.</param>
/// <param name="NonPartialContainer">The first containing type not declared <c>partial</c>, or null.</param>
/// <param name="Unreadable">Attributes the compiler could not bind: their values, and so the network, are unknown.</param>
/// <param name="MembersNamedLikeGenerated">The class's own and inherited members whose names the generator may use.</param>
/// <param name="PrimaryConstructor">The parameter list of a primary constructor, or null when the class has none.</param>
/// <param name="UnchainedConstructors">The names of the class's own instance constructors that do not call <c>this(...)</c>.</param>
/// <param name="InputAttributeLocation">The <c>[Input(...)]</c> attribute, or null when there is none.</param>
/// <param name="InputsWritten">Whether <c>[Network]</c> writes <c>Inputs</c> (with <c>[Input]</c> it may be left out).</param>
internal sealed record ParsedNetwork(
    NetworkSpec Spec,
    string TypeKind,
    LocationInfo? ClassLocation,
    LocationInfo? NetworkAttributeLocation,
    EquatableArray<LayerSite> LayerSites,
    bool IsPartial,
    bool IsStatic,
    bool IsGeneric,
    string? NonPartialContainer,
    EquatableArray<UnreadableAttribute> Unreadable,
    EquatableArray<UserMember> MembersNamedLikeGenerated,
    LocationInfo? PrimaryConstructor,
    EquatableArray<LocationInfo> UnchainedConstructors,
    LocationInfo? InputAttributeLocation = null,
    bool InputsWritten = true)
{
    /// <summary>
    /// The <see cref="TypeKind"/> of a second partial declaration that also carries <c>[Network]</c>:
    /// the declaration with the first one reads the class and reports the repetition.
    /// </summary>
    public const string RepeatedDeclaration = "a repeated [Network] declaration";

    public bool IsClass => TypeKind == "class";
}

/// <summary>The validator's verdict: the spec to emit (null when an error was found) and every diagnostic.</summary>
internal sealed record ValidatedNetwork(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
