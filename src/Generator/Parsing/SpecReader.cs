using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Compiled.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generator.Parsing;

/// <summary>
/// Reads a <c>[Network]</c> class's attributes into a <see cref="ParsedNetwork"/>. Reads only; every
/// judgement about the declaration belongs to the validator.
/// </summary>
internal static class SpecReader
{
    public const string NetworkAttribute = "Compiled.NetworkAttribute";
    public const string DenseAttribute = "Compiled.DenseAttribute";
    public const string DropoutAttribute = "Compiled.DropoutAttribute";

    public static ParsedNetwork Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        AttributeData network = context.Attributes[0];

        string? unreadable = IsReadable(network) ? null : "Network";
        int inputs = NamedInt(network, "Inputs", 0);
        var loss = (LossKind)NamedInt(network, "Loss", (int)LossKind.MeanSquaredError);

        var layers = new List<LayerSpec>();
        var locations = new List<LocationInfo>();
        foreach (AttributeData attribute in LayerAttributesInWrittenOrder(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = attribute.AttributeClass!.ToDisplayString();
            if (!IsReadable(attribute))
            {
                unreadable ??= attribute.AttributeClass.Name;
                continue;
            }

            layers.Add(name == DenseAttribute ? ReadDense(attribute) : LayerSpec.Dropout(PositionalDouble(attribute, 0, double.NaN)));
            locations.Add(LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken))
                ?? LocationInfo.From(declaration.Identifier)!);
        }

        var spec = new NetworkSpec(
            Namespace: NamespaceOf(type),
            ClassName: type.Name,
            ContainingTypes: ContainingTypes(type).ToEquatableArray(),
            Inputs: inputs,
            Loss: loss,
            Layers: layers.ToEquatableArray());

        return new ParsedNetwork(
            spec,
            ClassLocation: LocationInfo.From(declaration.Identifier),
            NetworkAttributeLocation: LocationInfo.From(network.ApplicationSyntaxReference?.GetSyntax(cancellationToken)),
            LayerLocations: locations.ToEquatableArray(),
            IsPartial: declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
            IsStatic: type.IsStatic,
            IsGeneric: IsGenericOrInGeneric(type),
            NonPartialContainer: FirstNonPartialContainer(type),
            UnreadableAttribute: unreadable);
    }

    private static LayerSpec ReadDense(AttributeData attribute) =>
        LayerSpec.Dense(
            units: PositionalInt(attribute, 0, 0),
            activation: (ActivationKind)PositionalInt(attribute, 1, (int)ActivationKind.Identity),
            init: (InitKind)NamedInt(attribute, "Init", (int)InitKind.GlorotUniform),
            alpha: NamedDouble(attribute, "Alpha", double.NaN),
            mean: NamedDouble(attribute, "Mean", 0),
            stdDev: NamedDouble(attribute, "StdDev", 0.05));

    /// <summary>
    /// Dense and Dropout attributes in the order they are written: by file, then by position. Roslyn
    /// happens to return source order, but the layer order is the network, so it is made explicit.
    /// </summary>
    private static IEnumerable<AttributeData> LayerAttributesInWrittenOrder(INamedTypeSymbol type) =>
        type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() is DenseAttribute or DropoutAttribute)
            .OrderBy(a => a.ApplicationSyntaxReference?.SyntaxTree.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference?.Span.Start ?? 0);

    /// <summary>False when the compiler could not bind the attribute (wrong argument types, missing arguments).</summary>
    private static bool IsReadable(AttributeData attribute) =>
        attribute.AttributeConstructor is not null
        && attribute.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error)
        && attribute.NamedArguments.All(a => a.Value.Kind != TypedConstantKind.Error);

    private static int PositionalInt(AttributeData attribute, int index, int fallback) =>
        index < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[index].Value is int value ? value : fallback;

    private static double PositionalDouble(AttributeData attribute, int index, double fallback) =>
        index < attribute.ConstructorArguments.Length ? AsDouble(attribute.ConstructorArguments[index].Value, fallback) : fallback;

    private static int NamedInt(AttributeData attribute, string name, int fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is int value)
            {
                return value;
            }
        }

        return fallback;
    }

    private static double NamedDouble(AttributeData attribute, string name, double fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return AsDouble(argument.Value.Value, fallback);
            }
        }

        return fallback;
    }

    private static double AsDouble(object? value, double fallback) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => fallback,
    };

    /// <summary>The namespace as its parts' names, unescaped (<c>App.class</c>), or empty for the global namespace.</summary>
    private static string NamespaceOf(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamespaceSymbol ns = type.ContainingNamespace; !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            parts.Add(ns.Name);
        }

        parts.Reverse();
        return string.Join(".", parts);
    }

    private static IEnumerable<ContainingType> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            chain.Add(new ContainingType(Keyword(outer), outer.Name));
        }

        chain.Reverse();
        return chain;
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "partial record struct",
        { IsRecord: true } => "partial record",
        { TypeKind: TypeKind.Struct } => "partial struct",
        { TypeKind: TypeKind.Interface } => "partial interface",
        _ => "partial class",
    };

    private static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string? FirstNonPartialContainer(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            bool partial = outer.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax())
                .OfType<TypeDeclarationSyntax>()
                .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial)
            {
                return outer.Name;
            }
        }

        return null;
    }
}
