using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generator.Tests;

/// <summary>
/// The generator is incremental: after an edit that does not touch a network's attributes, a second
/// run on the same driver reuses every step and regenerates nothing. Each test runs the driver once,
/// edits the compilation, runs the same driver again and reads the steps' recorded reasons.
/// </summary>
public class CachingTests
{
    /// <summary>The pipeline's named steps (TrackingNames in the generator, internal there).</summary>
    private static readonly string[] TrackedSteps = { "Parse", "Validate", "Diagnostics", "Specs" };

    /// <summary>Roslyn's name for the steps of <c>RegisterSourceOutput</c> (WellKnownGeneratorOutputs.SourceOutput).</summary>
    private const string SourceOutput = "SourceOutput";

    private const string Network = """
        using Compiled;

        namespace Samples;

        [Network(Inputs = 2, Loss = Loss.MeanSquaredError)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;
        """;

    private const string NetworkMembers = """
        namespace Samples;

        public partial class XorNet
        {
            /// <summary>The user's own member, in a second declaration of the network class.</summary>
            public int Answer() => 42;
        }
        """;

    private const string Unrelated = """
        namespace Samples;

        /// <summary>Code that has nothing to do with any network.</summary>
        public static class Arithmetic
        {
            /// <summary>Doubles.</summary>
            public static int Twice(int x) => 2 * x;
        }
        """;

    [Fact]
    public void Editing_an_unrelated_file_reuses_every_step()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun();

        GeneratorRun second = Rerun(first, Replace(compilation, "Unrelated.cs", Unrelated.Replace("2 * x", "x + x")));

        AssertEveryStepReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void Rerunning_on_a_cloned_compilation_reuses_every_step()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun();

        GeneratorRun second = Rerun(first, compilation.Clone());

        AssertEveryStepReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void Editing_a_member_in_another_declaration_of_the_network_class_reuses_every_step()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun();

        string edited = NetworkMembers
            .Replace("public int Answer() => 42;", "public int Answer() => 6 * 7; // computed")
            .Replace("The user's own member", "The answer");
        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.Members.cs", edited));

        AssertEveryStepReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void Moving_the_declaration_down_its_file_regenerates_nothing()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun();

        // The attributes' locations change (the parse step sees that), but the spec holds no locations.
        string moved = Network.Replace("namespace Samples;", "namespace Samples;\n\n// A comment that pushes the network down two lines.\n");
        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.cs", moved));

        AssertReused(second, "Specs");
        AssertReused(second, "Diagnostics");
        AssertSourceOutputReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void Changing_a_layer_regenerates_the_source()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun();

        string widened = Network.Replace("[Dense(4, Activation.Sigmoid)]", "[Dense(5, Activation.Sigmoid)]");
        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.cs", widened));

        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(second, "Specs"));
        Assert.Contains(IncrementalStepRunReason.Modified, second.Result.TrackedOutputSteps[SourceOutput].SelectMany(s => s.Outputs).Select(o => o.Reason));
        Assert.Contains("private const int N1 = 5;", second.Source("Samples.XorNet.g.cs"));
        Assert.DoesNotContain("private const int N1 = 4;", second.Source("Samples.XorNet.g.cs"));
        second.AssertCompilesWithoutWarnings();
    }

    /// <summary>A network whose own declaration, under its attributes, holds code of the user's.</summary>
    private const string NetworkWithBody = """
        using Compiled;

        namespace Samples;

        [Network(Inputs = 2, Loss = Loss.MeanSquaredError)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet
        {
            /// <summary>The user's own code beside the attributes.</summary>
            public float Score(float[] x)
            {
                return x[0] + x[1];
            }
        }

        // The end of the file.
        """;

    [Fact]
    public void Editing_a_method_body_beside_the_attributes_reuses_every_step()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun(NetworkWithBody);

        string edited = NetworkWithBody.Replace("return x[0] + x[1];", "float sum = 0;\n        foreach (float v in x) { sum += v; }\n        return sum;");
        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.cs", edited));

        AssertEveryStepReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void Editing_comments_in_the_network_file_reuses_every_step()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun(NetworkWithBody);

        string edited = NetworkWithBody
            .Replace("/// <summary>The user's own code beside the attributes.</summary>", "/// <summary>\n    /// Rewritten: a longer comment over two lines.\n    /// </summary>\n    // And a plain one.")
            .Replace("// The end of the file.", "// The end of the file, said differently.\n// And once more.");
        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.cs", edited));

        AssertEveryStepReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void Adding_a_member_with_an_ordinary_name_reuses_every_step()
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun(NetworkWithBody);

        string edited = NetworkWithBody.Replace("    /// <summary>The user's own code", "    private int _calls;\n\n    /// <summary>Calls.</summary>\n    public int Calls => _calls;\n\n    /// <summary>The user's own code");
        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.cs", edited));

        AssertEveryStepReused(second);
        Assert.Equal(first.Generated, second.Generated);
    }

    [Theory]
    [InlineData("[Dense(4, Activation.Sigmoid)]", "[Dense(4, Activation.Tanh)]", "Activations.Tanh(")]
    [InlineData("[Dense(1, Activation.Sigmoid)]", "[Dropout(0.25)]\n[Dense(1, Activation.Sigmoid)]", "DropoutRate2")]
    [InlineData("Loss = Loss.MeanSquaredError", "Loss = Loss.BinaryCrossEntropy", "BinaryCrossEntropyOfSigmoid")]
    public void Editing_the_attributes_regenerates_the_source(string before, string after, string regenerated)
    {
        (GeneratorRun first, CSharpCompilation compilation) = FirstRun(NetworkWithBody);

        GeneratorRun second = Rerun(first, Replace(compilation, "XorNet.cs", NetworkWithBody.Replace(before, after)));

        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(second, "Specs"));
        Assert.Contains(IncrementalStepRunReason.Modified, second.Result.TrackedOutputSteps[SourceOutput].SelectMany(s => s.Outputs).Select(o => o.Reason));
        Assert.DoesNotContain(regenerated, first.Source("Samples.XorNet.g.cs"));
        Assert.Contains(regenerated, second.Source("Samples.XorNet.g.cs"));
        second.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void Moving_a_bad_declaration_moves_its_diagnostic()
    {
        const string bad = """
            using Compiled;

            namespace Samples;

            [Network(Inputs = 2)]
            [Dense(4, Activation.Softmax)]
            [Dense(1)]
            public partial class SoftmaxFirst;
            """;
        CSharpCompilation compilation = GeneratorHarness.Compile(("Bad.cs", bad));
        GeneratorRun first = GeneratorHarness.Run(compilation);

        GeneratorRun second = Rerun(first, Replace(compilation, "Bad.cs", bad.Replace("namespace Samples;", "namespace Samples;\n\n")));

        Assert.Equal(6, Assert.Single(first.CompiledDiagnostics).Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Equal(8, Assert.Single(second.CompiledDiagnostics).Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Empty(second.Generated);
    }

    [Fact]
    public void Pipeline_values_hold_no_compilation_symbol_or_syntax()
    {
        // A bad network too, so diagnostics (with their locations) travel through the pipeline.
        GeneratorRun run = GeneratorHarness.Run(Network, NetworkMembers, Unrelated, """
            using Compiled;

            namespace Samples;

            [Network(Inputs = 2)]
            [Dense(4, Activation.Softmax)]
            [Dropout(0.5)]
            public partial class Broken;
            """);
        Assert.NotEmpty(run.CompiledDiagnostics);
        Assert.NotEmpty(run.Generated);

        var leaks = new List<string>();
        foreach (string step in TrackedSteps)
        {
            foreach ((IncrementalGeneratorRunStep stepRun, int index) in run.Result.TrackedSteps[step].Select((s, i) => (s, i)))
            {
                foreach (((object value, _), int output) in stepRun.Outputs.Select((o, i) => (o, i)))
                {
                    leaks.AddRange(ObjectGraph.PathsTo(value, $"{step}[{index}].Outputs[{output}]", ObjectGraph.IsCompilationState));
                }
            }
        }

        Assert.Empty(leaks);
    }

    [Fact]
    public void The_leak_search_finds_a_symbol_deep_inside_a_value()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network);
        INamedTypeSymbol symbol = compilation.GetTypeByMetadataName("Samples.XorNet")!;
        var value = (Name: "XorNet", Parts: new List<object> { 1, new object[] { "a", symbol } });

        List<string> leaks = ObjectGraph.PathsTo(value, "value", ObjectGraph.IsCompilationState);

        Assert.Equal("value.Item2._items[1][1] (Microsoft.CodeAnalysis.CSharp.Symbols.PublicModel.NonErrorNamedTypeSymbol)", Assert.Single(leaks));
    }

    private static (GeneratorRun Run, CSharpCompilation Compilation) FirstRun(string network = Network)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(
            ("XorNet.cs", network),
            ("XorNet.Members.cs", NetworkMembers),
            ("Unrelated.cs", Unrelated));
        GeneratorRun run = GeneratorHarness.Run(compilation);
        run.AssertCompilesWithoutWarnings();
        Assert.Equal(new[] { "Samples.XorNet.g.cs" }, run.HintNames);
        return (run, compilation);
    }

    private static GeneratorRun Rerun(GeneratorRun previous, CSharpCompilation edited)
    {
        GeneratorRun run = GeneratorHarness.Run(previous.Driver, edited);
        run.AssertDidNotThrow();
        return run;
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text) =>
        compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == path),
            GeneratorHarness.Parse(path, text));

    private static void AssertEveryStepReused(GeneratorRun run)
    {
        foreach (string step in TrackedSteps)
        {
            AssertReused(run, step);
        }

        AssertSourceOutputReused(run);
    }

    private static void AssertReused(GeneratorRun run, string step)
    {
        Assert.True(run.Result.TrackedSteps.ContainsKey(step), $"No step named '{step}' ran; the steps were: {string.Join(", ", run.Result.TrackedSteps.Keys)}.");
        AssertCachedOrUnchanged(step, Reasons(run, step));
    }

    private static void AssertSourceOutputReused(GeneratorRun run)
    {
        Assert.True(run.Result.TrackedOutputSteps.ContainsKey(SourceOutput), $"No '{SourceOutput}' step; the output steps were: {string.Join(", ", run.Result.TrackedOutputSteps.Keys)}.");
        AssertCachedOrUnchanged(SourceOutput, run.Result.TrackedOutputSteps[SourceOutput].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList());
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRun run, string step) =>
        run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

    private static void AssertCachedOrUnchanged(string step, List<IncrementalStepRunReason> reasons)
    {
        Assert.NotEmpty(reasons);
        Assert.True(
            reasons.All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged),
            $"Step '{step}' was not reused: its outputs were {string.Join(", ", reasons)}.");
    }
}
