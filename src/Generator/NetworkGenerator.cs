using System.Linq;
using Compiled.Generator.Emission;
using Compiled.Generator.Model;
using Compiled.Generator.Parsing;
using Compiled.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generator;

/// <summary>
/// Compiles each <c>[Network]</c> class into specialized C#. The stages: find the classes, read their
/// attributes, validate, then report errors and emit source on two separate outputs, so a
/// diagnostic that moves does not regenerate source and a new comment does neither. Warnings and
/// infos come from <see cref="Analysis.NetworkAnalyzer"/>, which runs the same reader and validator.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    private static readonly string Version = typeof(NetworkGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParsedNetwork> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SpecReader.NetworkAttribute,
                predicate: static (node, _) => node is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax,
                transform: SpecReader.Read)
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<ValidatedNetwork> validated = parsed
            .Select(static (network, _) => SpecValidator.Validate(network))
            .WithTrackingName(TrackingNames.Validate);

        // Errors only: warnings and infos come from NetworkAnalyzer, where #pragma can suppress them.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = validated
            .Select(static (network, _) => network.Diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error).ToEquatableArray())
            .WithTrackingName(TrackingNames.Diagnostics);

        IncrementalValuesProvider<NetworkSpec> specs = validated
            .Where(static network => network.Spec is not null)
            .Select(static (network, _) => network.Spec!)
            .WithTrackingName(TrackingNames.Specs);

        // Roslyn compares generated file names ignoring case: two networks whose full names differ only
        // in case (App.Net, App.NET: legal C#) would make it reject both files.
        IncrementalValueProvider<EquatableArray<string>> caseCollisions = specs
            .Select(static (spec, _) => NetworkEmitter.HintName(spec))
            .Collect()
            .Select(static (names, _) => names
                .GroupBy(name => name, System.StringComparer.OrdinalIgnoreCase)
                .Where(group => group.Distinct(System.StringComparer.Ordinal).Count() > 1)
                .SelectMany(group => group)
                .Distinct(System.StringComparer.Ordinal)
                .OrderBy(name => name, System.StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.CaseCollisions);

        context.RegisterSourceOutput(diagnostics, ReportDiagnostics);
        context.RegisterSourceOutput(
            specs.Combine(caseCollisions),
            static (context, input) => EmitNetwork(context, input.Left, input.Right));
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void EmitNetwork(SourceProductionContext context, NetworkSpec spec, EquatableArray<string> caseCollisions)
    {
        string hintName = NetworkEmitter.HintName(spec);
        if (caseCollisions.Contains(hintName))
        {
            hintName = NetworkEmitter.CaseDistinctHintName(hintName);
        }

        context.AddSource(hintName, NetworkEmitter.Emit(spec, Version));
    }
}
