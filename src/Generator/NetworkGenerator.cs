using System.Collections.Immutable;
using Compiled.Generator.Emission;
using Compiled.Generator.Model;
using Compiled.Generator.Parsing;
using Compiled.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator;

/// <summary>
/// Compiles each <c>[Network]</c> class into specialized C#. The stages: find the classes, read their
/// attributes, validate, then report diagnostics and emit source on two separate outputs, so a
/// diagnostic that moves does not regenerate source and a new comment does neither.
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
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: SpecReader.Read)
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<ValidatedNetwork> validated = parsed
            .Select(static (network, _) => SpecValidator.Validate(network))
            .WithTrackingName(TrackingNames.Validate);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = validated
            .Select(static (network, _) => network.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        IncrementalValuesProvider<NetworkSpec> specs = validated
            .Where(static network => network.Spec is not null)
            .Select(static (network, _) => network.Spec!)
            .WithTrackingName(TrackingNames.Specs);

        context.RegisterSourceOutput(diagnostics, ReportDiagnostics);
        context.RegisterSourceOutput(specs, EmitNetwork);
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void EmitNetwork(SourceProductionContext context, NetworkSpec spec) =>
        context.AddSource(NetworkEmitter.HintName(spec), NetworkEmitter.Emit(spec, Version));
}
