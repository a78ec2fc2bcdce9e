using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Generator.Tests.Infrastructure;

/// <summary>
/// Writes diagnostics as a person reads them: ID, severity, position and message, then the source line
/// with the span underlined.
/// </summary>
/// <example>
/// <code>
/// CMP0006 error at File0.cs(4,2): Layer 1 of 'Net' uses Softmax but is not the last layer: ...
///     4 | [Dense(4, Activation.Softmax)]
///       |  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
/// </code>
/// </example>
internal static class DiagnosticRenderer
{
    public static string RenderAll(IEnumerable<Diagnostic> diagnostics, Compilation compilation) =>
        string.Join("\n", diagnostics
            .OrderBy(d => d.Location.GetLineSpan().Path, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, System.StringComparer.Ordinal)
            .Select(d => Render(d, compilation)));

    public static string Render(Diagnostic diagnostic, Compilation compilation)
    {
        var text = new StringBuilder();
        FileLinePositionSpan position = diagnostic.Location.GetLineSpan();
        string severity = diagnostic.Severity.ToString().ToLowerInvariant();
        string where = diagnostic.Location == Location.None
            ? "no location"
            : $"{position.Path}({position.StartLinePosition.Line + 1},{position.StartLinePosition.Character + 1})";
        text.Append($"{diagnostic.Id} {severity} at {where}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n");

        if (SourceOf(diagnostic.Location, compilation) is { } source)
        {
            TextLine line = source.Lines[position.StartLinePosition.Line];
            string number = (position.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            int start = position.StartLinePosition.Character;
            // A span over several lines is underlined to the end of its first line.
            int end = position.EndLinePosition.Line == position.StartLinePosition.Line
                ? position.EndLinePosition.Character
                : line.End - line.Start;
            text.Append($"{number,5} | {line}\n");
            text.Append($"{"",5} | {new string(' ', start)}{new string('^', System.Math.Max(1, end - start))}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The text a location points into. The generator reports locations built from a path and a span
    /// (it may not hold syntax trees), so such a location has no tree and the file is found by its path.
    /// </summary>
    public static SourceText? SourceOf(Location location, Compilation compilation)
    {
        if (location.SourceTree is { } tree)
        {
            return tree.GetText();
        }

        string path = location.GetLineSpan().Path;
        return compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path)?.GetText();
    }

    /// <summary>The source text a diagnostic's span covers, e.g. <c>Dense(4, Activation.Softmax)</c>.</summary>
    public static string SpanText(Diagnostic diagnostic, Compilation compilation) =>
        SourceOf(diagnostic.Location, compilation)?.ToString(diagnostic.Location.SourceSpan)
        ?? throw new Xunit.Sdk.XunitException($"{diagnostic.Id} points into no file of the compilation: {diagnostic.Location}.");
}
