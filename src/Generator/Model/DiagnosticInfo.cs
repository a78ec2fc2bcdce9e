using System.Linq;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Model;

/// <summary>A diagnostic carried as data through the pipeline and reported in the output stage.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] messageArgs) =>
        new(descriptor, location, messageArgs.Select(a => a.ToString() ?? "").ToEquatableArray());

    /// <summary>The diagnostic at a location of path and span (a generator may hold no syntax tree).</summary>
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArgs.Cast<object>().ToArray());

    /// <summary>The diagnostic at a location in the syntax tree that <paramref name="treeAt"/> finds for its path, if any.</summary>
    public Diagnostic ToDiagnostic(System.Func<string, SyntaxTree?> treeAt) =>
        Diagnostic.Create(
            Descriptor,
            Location is { } location && treeAt(location.FilePath) is { } tree
                ? Microsoft.CodeAnalysis.Location.Create(tree, location.Span)
                : Location?.ToLocation(),
            MessageArgs.Cast<object>().ToArray());
}
