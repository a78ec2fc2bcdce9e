using System.Collections.Immutable;
using System.Linq;
using Compiled.Generator.Model;
using Compiled.Generator.Parsing;
using Compiled.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compiled.Generator.Analysis;

/// <summary>
/// Reports the catalog's warnings and infos: legal networks that probably are not what was meant.
/// </summary>
/// <remarks>
/// The generator reports the errors, since they decide whether source is generated. A generator's
/// diagnostic, though, may only carry a location as plain values (no syntax tree enters the pipeline),
/// and the compiler applies <c>#pragma warning disable</c> and per-file .editorconfig severities only to
/// diagnostics located in a syntax tree. So the advisories come from this analyzer, which reads and
/// validates the declaration with the generator's own <see cref="SpecReader"/> and
/// <see cref="SpecValidator"/> and reports at real locations: suppressible the usual way.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Diagnostics.Advisories;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(AnalyzeClass, SyntaxKind.ClassDeclaration);
        context.RegisterOperationAction(StepTrainingCheck.Analyze, OperationKind.Invocation);
    }

    private static void AnalyzeClass(SyntaxNodeAnalysisContext context)
    {
        var declaration = (ClassDeclarationSyntax)context.Node;
        if (declaration.AttributeLists.Count == 0
            || context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type
            || !type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SpecReader.NetworkAttribute))
        {
            return;
        }

        ParsedNetwork parsed = SpecReader.Read(type, declaration, context.SemanticModel, context.CancellationToken);
        foreach (DiagnosticInfo diagnostic in SpecValidator.Validate(parsed).Diagnostics)
        {
            if (diagnostic.Descriptor.DefaultSeverity != DiagnosticSeverity.Error)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic(path => TreeAt(context.SemanticModel.Compilation, path)));
            }
        }
    }

    private static SyntaxTree? TreeAt(Compilation compilation, string path) =>
        compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path);
}
