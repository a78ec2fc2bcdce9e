using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generator.Emission;

/// <summary>
/// Names from the model as C# source. The model keeps names as the symbols spell them (<c>event</c>
/// for a class written <c>@event</c>); source needs the verbatim prefix wherever a name is a keyword.
/// </summary>
internal static class Identifiers
{
    /// <summary><c>event</c> becomes <c>@event</c>; other names are unchanged.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Each part of a dotted namespace, escaped: <c>App.class</c> becomes <c>App.@class</c>.</summary>
    public static string EscapeDotted(string dotted) =>
        string.Join(".", dotted.Split('.').Select(Escape));
}
