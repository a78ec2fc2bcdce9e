using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Compiled.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Tests;

/// <summary>
/// The generator's list of the members it generates (Planning/GeneratedMembers.cs, which CMP0016 and
/// CMP0017 check user code against) is the list of members the emitters write: compiled networks of
/// every shape are compared, member by member, with the list, through the output compilation's symbols.
/// </summary>
public class GeneratedMembersTests
{
    // Between them: dropout on the input and between layers (DropoutRatek, _mk, _hk), activations that
    // keep z (_zk), an output with its own derivative (_dA), one output and several, softmax fused, layers
    // without a bias (no Bk).
    private const string Networks = """
        using Compiled;

        namespace Samples;

        [Network(Inputs = 5, Loss = Loss.SoftmaxCrossEntropy)]
        [Dropout(0.2)]
        [Dense(6, Activation.LeakyReLU, Init = Init.HeNormal)]
        [Dropout(0.5)]
        [Dense(4, Activation.ELU)]
        [Dense(3)]
        public partial class Everything;

        [Network(Inputs = 2)]
        [Dense(3, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class OutputDerivative;

        [Network(Inputs = 1)]
        [Dense(1)]
        public partial class Smallest;

        [Network(Inputs = 3)]
        [Dense(2, Activation.ReLU, Init = Init.HeNormal, UseBias = false)]
        [Dense(1, UseBias = false)]
        public partial class WithoutBiases;

        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(2, 8, 8)]
        [MaxPool2D(2, Stride = 1)]
        [Conv2D(3, 3, Activation.LeakyReLU, Padding = Padding.Same)]
        [Conv2D(4, 2, Activation.Tanh, Stride = 2, Padding = Padding.Same, UseBias = false)]
        [MaxPool2D(2)]
        [Flatten]
        [Dropout(0.1)]
        [Dense(3)]
        public partial class Images;
        """;

    [Fact]
    public void The_list_names_every_generated_member_and_nothing_that_is_not_generated()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks);
        run.AssertCompilesWithoutWarnings();
        var failures = new List<string>();
        foreach (object spec in Specs(run))
        {
            string name = (string)spec.GetType().GetProperty("ClassName")!.GetValue(spec)!;
            HashSet<string> emitted = EmittedMembers(run, "Samples." + name);
            List<(string Signature, bool Announced)> listed = Listed(spec);

            failures.AddRange(emitted.Except(listed.Select(l => l.Signature)).Select(m => $"{name}: {m} is generated but not listed"));
            failures.AddRange(listed.Where(l => !l.Announced && !emitted.Contains(l.Signature)).Select(l => $"{name}: {l.Signature} is listed but not generated"));
            failures.AddRange(listed.Where(l => !MayBeGenerated(l.Signature.Split('(')[0])).Select(l => $"{name}: {l.Signature} fails MayBeGenerated, so the parser would not record a user member of that name"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_user_member_shaped_like_any_generated_member_reports_CMP0016()
    {
        // One copy of a network per generated member, each copy declaring a member of that name and
        // (for methods) parameter types; explicit interface implementations are left out (a user
        // cannot declare one by name alone).
        GeneratorRun first = GeneratorHarness.Run(Networks);
        INamedTypeSymbol everything = first.Output.GetTypeByMetadataName("Samples.Everything")!;
        // Left out too: methods taking a generated private type (Run(ParallelKernel, ...)): a user cannot name
        // that type from another class, and a user type of the same name is itself reported.
        List<ISymbol> members = GeneratedMembersOf(first, everything)
            .Where(m => !m.Name.Contains('.', StringComparison.Ordinal))
            .Where(m => m is not IMethodSymbol method || !method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type.ContainingType, everything)))
            .ToList();
        Assert.True(members.Count > 50, $"Only {members.Count} generated members were found.");

        var source = new StringBuilder("using Compiled;\n\nnamespace Samples;\n");
        for (int i = 0; i < members.Count; i++)
        {
            source.Append($$"""

                [Network(Inputs = 5, Loss = Loss.SoftmaxCrossEntropy)]
                [Dropout(0.2)]
                [Dense(6, Activation.LeakyReLU, Init = Init.HeNormal)]
                [Dropout(0.5)]
                [Dense(4, Activation.ELU)]
                [Dense(3)]
                public partial class Copy{{i}}
                {
                    {{Declaration(members[i], $"Copy{i}")}}
                }

                """);
        }

        GeneratorRun run = GeneratorHarness.Run(source.ToString());
        run.AssertDidNotThrow();
        var failures = new List<string>();
        for (int i = 0; i < members.Count; i++)
        {
            string copy = $"'Copy{i}'";
            List<Diagnostic> reported = run.GeneratorDiagnostics.Where(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(copy, StringComparison.Ordinal)).ToList();
            if (reported.Count != 1 || reported[0].Id != "CMP0016")
            {
                failures.Add($"{members[i].ToDisplayString()}: expected one CMP0016, got [{string.Join(", ", reported.Select(d => d.Id))}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(run.Generated);
    }

    /// <summary>A member of the user's that collides with <paramref name="generated"/>.</summary>
    private static string Declaration(ISymbol generated, string className) => generated switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } ctor =>
            $"public {className}({Parameters(ctor)}) {{ }}",
        IMethodSymbol method =>
            $"public void {method.Name}({Parameters(method)}) {{ }}",
        _ => $"public int {generated.Name} = 0;",
    };

    private static string Parameters(IMethodSymbol method) =>
        string.Join(", ", method.Parameters.Select((p, i) => $"{p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} p{i}"));

    private static IEnumerable<object> Specs(GeneratorRun run) =>
        run.Result.TrackedSteps["Specs"].SelectMany(s => s.Outputs).Select(o => o.Value);

    /// <summary>Members of the class declared in generated files, as the list writes them: <c>Forward(System.ReadOnlySpan&lt;float&gt;, System.Span&lt;float&gt;)</c>.</summary>
    private static HashSet<string> EmittedMembers(GeneratorRun run, string metadataName)
    {
        INamedTypeSymbol type = run.Output.GetTypeByMetadataName(metadataName)
            ?? throw new Xunit.Sdk.XunitException($"{metadataName} is not in the output compilation.");
        var format = (SymbolDisplayFormat)GeneratorType("Compiled.Generator.Parsing.SpecReader").GetField("TypeFormat")!.GetValue(null)!;
        return GeneratedMembersOf(run, type)
            .Select(m => m is IMethodSymbol method
                ? $"{m.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(format)))})"
                : m.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<ISymbol> GeneratedMembersOf(GeneratorRun run, INamedTypeSymbol type)
    {
        var userTrees = run.Input.SyntaxTrees.ToHashSet();
        return type.GetMembers().Where(m =>
            !m.IsImplicitlyDeclared
            && m.DeclaringSyntaxReferences.Length > 0
            && m.DeclaringSyntaxReferences.All(r => !userTrees.Contains(r.SyntaxTree)));
    }

    private static List<(string Signature, bool Announced)> Listed(object spec)
    {
        Type members = GeneratorType("Compiled.Generator.Planning.GeneratedMembers");
        MethodInfo @for = members.GetMethod("For", new[] { spec.GetType() })!;
        var list = (System.Collections.IEnumerable)@for.Invoke(null, new[] { spec })!;
        return list.Cast<object>()
            .Select(m => ((string)m.GetType().GetProperty("Signature")!.GetValue(m)!, (bool)m.GetType().GetProperty("Announced")!.GetValue(m)!))
            .ToList();
    }

    private static bool MayBeGenerated(string name) =>
        (bool)GeneratorType("Compiled.Generator.Planning.GeneratedMembers").GetMethod("MayBeGenerated")!.Invoke(null, new object[] { name })!;

    private static Type GeneratorType(string name) => typeof(NetworkGenerator).Assembly.GetType(name, throwOnError: true)!;
}
