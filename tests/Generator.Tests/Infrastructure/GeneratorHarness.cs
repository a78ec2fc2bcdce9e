using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compiled.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles user code the way a project that references Compiled would (C# 12, nullable enabled, a
/// library, no unsafe code) and runs the network generator over it through a
/// <see cref="CSharpGeneratorDriver"/> that records every incremental step.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The parse options of user code and of the generated files alike.</summary>
    /// <remarks>
    /// Documentation comments are checked (<see cref="DocumentationMode.Diagnose"/>), as in a project with
    /// GenerateDocumentationFile: a malformed XML comment or a dangling cref in generated code is a warning.
    /// </remarks>
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: false)
            // Every warning wave, as the current SDK's default analysis level reports them.
            .WithWarningLevel(9999);

    // Creating ~200 metadata references is the slow part of a compilation: share them.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>A compilation of <paramref name="sources"/>, the n-th named <c>File{n}.cs</c>.</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(sources.Select((text, i) => ($"File{i}.cs", text)).ToArray());

    /// <summary>A compilation of named source files (the names appear in diagnostics' locations).</summary>
    public static CSharpCompilation Compile(params (string Path, string Text)[] files) =>
        CSharpCompilation.Create(
            "UserCode",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path)),
            References.Value,
            CompilationOptions);

    /// <summary>A syntax tree parsed as user code is, for <see cref="Compilation.ReplaceSyntaxTree"/>.</summary>
    public static SyntaxTree Parse(string path, string text) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    /// <summary>A fresh driver holding the network generator, tracking every step so tests can ask what was cached.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Compiles <paramref name="sources"/> and runs the generator once.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator once, on a fresh driver.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation) => Run(CreateDriver(), compilation);

    /// <summary>
    /// Runs <paramref name="driver"/> on <paramref name="compilation"/>. Pass the driver of a previous run
    /// (<see cref="GeneratorRun.Driver"/>) to see what its incremental state lets it skip.
    /// </summary>
    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver, compilation, output, generatorDiagnostics);
    }

    /// <summary>Runs Compiled's analyzer over <paramref name="compilation"/>, as the build does beside the generator.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Analysis.NetworkAnalyzer()))
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("The test host lists no TRUSTED_PLATFORM_ASSEMBLIES.");
        IEnumerable<string> paths = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Append(typeof(IOptimizer).Assembly.Location);

        // The attribute and runtime assemblies are usually trusted already: one reference per file.
        return paths
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
