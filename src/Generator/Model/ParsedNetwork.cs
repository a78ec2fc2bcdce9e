namespace Compiled.Generator.Model;

/// <summary>
/// What the parser read from one <c>[Network]</c> class: the spec and the facts and locations the
/// validator needs to report problems at the right place.
/// </summary>
/// <param name="Spec">The declaration as plain values.</param>
/// <param name="ClassLocation">The class name in its declaration.</param>
/// <param name="NetworkAttributeLocation">The <c>[Network(...)]</c> attribute.</param>
/// <param name="LayerLocations">Each layer attribute, parallel to <see cref="NetworkSpec.Layers"/>.</param>
/// <param name="IsPartial">The declaration carries <c>partial</c>.</param>
/// <param name="IsStatic">The class is <c>static</c>.</param>
/// <param name="IsGeneric">The class or one of its containing types has type parameters.</param>
/// <param name="NonPartialContainer">The first containing type not declared <c>partial</c>, or null.</param>
/// <param name="UnreadableAttribute">A layer or network attribute the compiler could not bind (its own error is reported), or null.</param>
internal sealed record ParsedNetwork(
    NetworkSpec Spec,
    LocationInfo? ClassLocation,
    LocationInfo? NetworkAttributeLocation,
    EquatableArray<LocationInfo> LayerLocations,
    bool IsPartial,
    bool IsStatic,
    bool IsGeneric,
    string? NonPartialContainer,
    string? UnreadableAttribute);

/// <summary>The validator's verdict: the spec to emit (null when an error was found) and every diagnostic.</summary>
internal sealed record ValidatedNetwork(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
