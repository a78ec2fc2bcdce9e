using System.Linq;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Model;

/// <summary>
/// What the framework the user's project compiles against offers that generated code may call: plain values read
/// once per compilation, so the pipeline carries no <see cref="Compilation"/> and regenerates nothing unless one
/// changes (a retargeted project).
/// </summary>
/// <param name="VectorMultiplyAddEstimate">
/// <c>System.Numerics.Vector.MultiplyAddEstimate</c> exists (.NET 9 and later); without it (.NET 8) the kernels'
/// multiply-add is written with the hardware intrinsics .NET 8 has.
/// </param>
internal readonly record struct TargetApis(bool VectorMultiplyAddEstimate)
{
    public static TargetApis Of(Compilation compilation) =>
        new(compilation.GetTypeByMetadataName("System.Numerics.Vector") is { } vector &&
            vector.GetMembers("MultiplyAddEstimate").Any(member => member is IMethodSymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: true }));
}
