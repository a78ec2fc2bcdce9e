using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generator.Tests.Infrastructure;

/// <summary>One run of the generator: what it produced, what it reported, and the compilation with its output added.</summary>
/// <param name="Driver">The driver after the run; run it again on an edited compilation to test caching.</param>
/// <param name="Input">The user's compilation.</param>
/// <param name="Output">The user's compilation plus the generated files.</param>
/// <param name="GeneratorDiagnostics">What the generator reported (the CMP diagnostics).</param>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The network generator's part of the run result: its sources, diagnostics, steps and any exception.</summary>
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    /// <summary>The generated files, by hint name.</summary>
    public IReadOnlyList<(string HintName, string Source)> Generated =>
        Result.GeneratedSources
            .OrderBy(s => s.HintName, System.StringComparer.Ordinal)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToList();

    /// <summary>The hint names of the generated files, sorted.</summary>
    public IReadOnlyList<string> HintNames => Generated.Select(g => g.HintName).ToList();

    /// <summary>The source generated under <paramref name="hintName"/>.</summary>
    public string Source(string hintName) =>
        Generated.Where(g => g.HintName == hintName).Select(g => g.Source).SingleOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"No file '{hintName}' was generated; the generator produced: {string.Join(", ", HintNames)}.");

    private ImmutableArray<Diagnostic>? _analyzerDiagnostics;

    /// <summary>
    /// What Compiled's analyzer reports on the output compilation (the catalog's warnings and infos),
    /// after #pragma suppressions, as a build would show them. Computed on first use.
    /// </summary>
    public ImmutableArray<Diagnostic> AnalyzerDiagnostics => _analyzerDiagnostics ??= GeneratorHarness.Analyze(Output);

    /// <summary>Every CMP diagnostic a build would show: the generator's errors and the analyzer's warnings and infos.</summary>
    public IReadOnlyList<Diagnostic> CompiledDiagnostics =>
        GeneratorDiagnostics.Concat(AnalyzerDiagnostics)
            .Where(d => d.Id.StartsWith("CMP", System.StringComparison.Ordinal))
            .OrderBy(d => d.Location.GetLineSpan().Path, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, System.StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The generated code compiles as it would with TreatWarningsAsErrors: the generator did not throw,
    /// reported nothing, and the output compilation has no warning or error, in user code or generated code.
    /// </summary>
    public void AssertCompilesWithoutWarnings()
    {
        AssertDidNotThrow();
        var problems = GeneratorDiagnostics.Concat(Output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"Expected no warnings or errors, found {problems.Count}:\n\n{DiagnosticRenderer.RenderAll(problems, Output)}");
        }
    }

    /// <summary>The generator ran to completion (an exception would surface to users as a CS8785 warning).</summary>
    public void AssertDidNotThrow()
    {
        if (Result.Exception is { } exception)
        {
            throw new Xunit.Sdk.XunitException($"The generator threw:\n{exception}");
        }
    }
}
