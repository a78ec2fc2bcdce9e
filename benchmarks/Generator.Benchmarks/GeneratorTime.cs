using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generator.Benchmarks;

/// <summary>
/// What the generator costs a build and an IDE for a 10-layer network: a first run (read, validate,
/// plan, emit), a run after an edit elsewhere (every step cached), and a run after a layer attribute
/// changed (read, validate and emit again). The compilation itself is not timed.
/// </summary>
[MemoryDiagnoser]
public class GeneratorTime
{
    private const string TenLayers = """
        using Compiled;

        namespace Bench;

        [Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
        [Dense(512, Activation.ReLU, Init = Init.HeNormal)]
        [Dropout(0.2)]
        [Dense(256, Activation.ReLU, Init = Init.HeNormal)]
        [Dense(256, Activation.LeakyReLU, Alpha = 0.1, Init = Init.HeUniform)]
        [Dense(128, Activation.ELU)]
        [Dropout(0.1)]
        [Dense(128, Activation.Tanh)]
        [Dense(64, Activation.Sigmoid)]
        [Dense(64, Activation.ReLU, Init = Init.HeNormal)]
        [Dense(32, Activation.Tanh)]
        [Dense(17, Activation.ReLU, Init = Init.HeNormal)]
        [Dense(10)]
        public partial class TenLayers
        {
            /// <summary>The user's own member.</summary>
            public int Answer() => 42;
        }
        """;

    private const string Unrelated = """
        namespace Bench;

        /// <summary>Code that has nothing to do with the network.</summary>
        public static class Arithmetic
        {
            /// <summary>Doubles.</summary>
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _unrelatedEdit = null!;
    private CSharpCompilation _layerEdit = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create(
            "Bench",
            new[] { Parse("TenLayers.cs", TenLayers), Parse("Unrelated.cs", Unrelated) },
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _unrelatedEdit = Replace(_compilation, "Unrelated.cs", Unrelated.Replace("2 * x", "x + x"));
        _layerEdit = Replace(_compilation, "TenLayers.cs", TenLayers.Replace("[Dense(32, Activation.Tanh)]", "[Dense(33, Activation.Tanh)]"));

        _warmDriver = NewDriver().RunGenerators(_compilation);
        GeneratorRunResult result = _warmDriver.GetRunResult().Results.Single();
        if (result.Exception is not null || result.GeneratedSources.Length != 1 || result.Diagnostics.Length != 0)
        {
            throw new InvalidOperationException($"The network did not generate cleanly: {result.Exception}{string.Join("\n", result.Diagnostics)}");
        }
    }

    /// <summary>
    /// A build's cost: a fresh driver on a fresh compilation (a clone, so no attribute is bound yet)
    /// reads, validates, plans and emits the network. Binding the attributes is work the compiler
    /// would do anyway; it is counted here.
    /// </summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FirstRun() => NewDriver().RunGenerators(_compilation.Clone());

    /// <summary>The same on a compilation whose attributes are already bound: the generator's own work.</summary>
    [Benchmark]
    public GeneratorDriver FirstRunOnBoundCompilation() => NewDriver().RunGenerators(_compilation);

    /// <summary>An IDE keystroke in another file: the attributes are read again, everything after is cached.</summary>
    [Benchmark]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_unrelatedEdit);

    /// <summary>An IDE keystroke in a layer attribute: read, validate and emit again.</summary>
    [Benchmark]
    public GeneratorDriver RunAfterLayerEdit() => _warmDriver.RunGenerators(_layerEdit);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    private static SyntaxTree Parse(string path, string text) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text) =>
        compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == path), Parse(path, text));

    private static IEnumerable<MetadataReference> References()
    {
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        return trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Append(typeof(IOptimizer).Assembly.Location)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
