using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generator.Parsing;

/// <summary>
/// Reads a <c>[Network]</c> declaration's attributes into a <see cref="ParsedNetwork"/>. Reads only; every
/// judgement about the declaration belongs to the validator.
/// </summary>
internal static class SpecReader
{
    public const string NetworkAttribute = "Compiled.NetworkAttribute";
    public const string DenseAttribute = "Compiled.DenseAttribute";
    public const string DropoutAttribute = "Compiled.DropoutAttribute";
    public const string InputAttribute = "Compiled.InputAttribute";
    public const string Conv2DAttribute = "Compiled.Conv2DAttribute";
    public const string MaxPool2DAttribute = "Compiled.MaxPool2DAttribute";
    public const string FlattenAttribute = "Compiled.FlattenAttribute";

    /// <summary>The layer attributes, by full name, as the user names them.</summary>
    private static readonly (string FullName, string Name)[] LayerAttributes =
    {
        (DenseAttribute, "Dense"),
        (DropoutAttribute, "Dropout"),
        (Conv2DAttribute, "Conv2D"),
        (MaxPool2DAttribute, "MaxPool2D"),
        (FlattenAttribute, "Flatten"),
    };

    /// <summary>How parameter types are compared with <see cref="GeneratedMember.Parameters"/>: <c>System.ReadOnlySpan&lt;float&gt;</c>.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>How a message names a user's member: <c>Forward(ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)</c>.</summary>
    private static readonly SymbolDisplayFormat MemberFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeExplicitInterface,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>The generator's transform: reads the declaration that carries <c>[Network]</c>.</summary>
    public static ParsedNetwork Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Read((INamedTypeSymbol)context.TargetSymbol, (MemberDeclarationSyntax)context.TargetNode, context.SemanticModel, cancellationToken);

    /// <summary>
    /// Reads <paramref name="type"/> from its <paramref name="declaration"/> that carries <c>[Network]</c>;
    /// <paramref name="model"/> is the semantic model of that declaration's tree.
    /// </summary>
    public static ParsedNetwork Read(INamedTypeSymbol type, MemberDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxToken identifier = declaration switch
        {
            BaseTypeDeclarationSyntax t => t.Identifier,
            DelegateDeclarationSyntax d => d.Identifier,
            _ => default,
        };
        LocationInfo? classLocation = LocationInfo.From(identifier) ?? LocationInfo.From(declaration);

        List<AttributeData> networks = InWrittenOrder(type.GetAttributes().Where(a => Is(a, NetworkAttribute))).ToList();
        if (networks.Count == 0)
        {
            // Not reachable from the generator (its target carries the attribute); an analyzer may ask.
            return RepeatedOrEmpty(type, declaration, classLocation);
        }

        AttributeData network = networks[0];
        var spec = new NetworkSpec(
            Namespace: NamespaceOf(type),
            ClassName: type.Name,
            ContainingTypes: ContainingTypes(type).ToEquatableArray(),
            Inputs: NamedInt(network, "Inputs", 0),
            Loss: (LossKind)NamedInt(network, "Loss", (int)LossKind.MeanSquaredError),
            Layers: EquatableArray<LayerSpec>.Empty);
        var parsed = new ParsedNetwork(
            spec,
            TypeKind: KindOf(declaration),
            ClassLocation: classLocation,
            NetworkAttributeLocation: LocationOf(network, cancellationToken),
            LayerSites: EquatableArray<LayerSite>.Empty,
            IsPartial: declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
            IsStatic: type.IsStatic,
            IsGeneric: IsGenericOrInGeneric(type),
            NonPartialContainer: FirstNonPartialContainer(type),
            Unreadable: EquatableArray<UnreadableAttribute>.Empty,
            MembersNamedLikeGenerated: EquatableArray<UserMember>.Empty,
            PrimaryConstructor: null,
            UnchainedConstructors: EquatableArray<LocationInfo>.Empty);

        if (!IsWrittenOn(network, declaration, cancellationToken))
        {
            // [Network] is written on several partial declarations: each is a target of its own. The
            // one that carries the first reads the class (and reports the others); this one is silent.
            return parsed with { TypeKind = ParsedNetwork.RepeatedDeclaration };
        }

        if (!parsed.IsClass)
        {
            return parsed;
        }

        var unreadable = new List<UnreadableAttribute>();
        foreach (AttributeData attribute in networks)
        {
            if (Problem(attribute, model, cancellationToken) is { } problem)
            {
                unreadable.Add(new UnreadableAttribute("Network", 0, problem, LocationOf(attribute, cancellationToken)));
            }
        }

        ImageShape? image = null;
        LocationInfo? imageLocation = null;
        foreach (AttributeData attribute in InWrittenOrder(type.GetAttributes().Where(a => Is(a, InputAttribute))))
        {
            if (Problem(attribute, model, cancellationToken) is { } problem)
            {
                unreadable.Add(new UnreadableAttribute("Input", 0, problem, LocationOf(attribute, cancellationToken)));
                continue;
            }

            image = new ImageShape(PositionalInt(attribute, 0, 0), PositionalInt(attribute, 1, 0), PositionalInt(attribute, 2, 0));
            imageLocation = LocationOf(attribute, cancellationToken);
        }

        var layers = new List<LayerSpec>();
        var sites = new List<LayerSite>();
        int position = 0;
        foreach (AttributeData attribute in InWrittenOrder(type.GetAttributes().Where(a => LayerName(a) is not null)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            position++;
            string name = LayerName(attribute)!;
            LocationInfo location = LocationOf(attribute, cancellationToken) ?? classLocation!;
            if (Problem(attribute, model, cancellationToken) is { } problem)
            {
                unreadable.Add(new UnreadableAttribute(name, position, problem, location));
                continue;
            }

            layers.Add(name switch
            {
                "Dense" => ReadDense(attribute),
                "Dropout" => LayerSpec.Dropout(PositionalDouble(attribute, 0, double.NaN)),
                "Conv2D" => LayerSpec.Conv2D(
                    filters: PositionalInt(attribute, 0, 0),
                    kernel: PositionalInt(attribute, 1, 0),
                    activation: (ActivationKind)PositionalInt(attribute, 2, (int)ActivationKind.Identity),
                    stride: NamedInt(attribute, "Stride", 1),
                    padding: (PaddingKind)NamedInt(attribute, "Padding", (int)PaddingKind.Valid),
                    init: (InitKind)NamedInt(attribute, "Init", (int)InitKind.GlorotUniform),
                    useBias: NamedBool(attribute, "UseBias", true)),
                "MaxPool2D" => LayerSpec.MaxPool2D(
                    PositionalInt(attribute, 0, 0),
                    NamedInt(attribute, "Stride", 0),
                    strideWritten: attribute.NamedArguments.Any(a => a.Key == "Stride")),
                _ => LayerSpec.Flatten(),
            });
            sites.Add(new LayerSite(location, IsWrittenOn(attribute, declaration, cancellationToken)));
        }

        return parsed with
        {
            Spec = spec with
            {
                Layers = layers.ToEquatableArray(),
                Image = image,

                // [Input] gives the size of a sample; Inputs may then be left out (the validator checks that a written one agrees).
                Inputs = image is not null && !network.NamedArguments.Any(a => a.Key == "Inputs") && image.Size <= int.MaxValue ? (int)image.Size : spec.Inputs,
            },
            LayerSites = sites.ToEquatableArray(),
            Unreadable = unreadable.ToEquatableArray(),
            MembersNamedLikeGenerated = MembersNamedLikeGenerated(type, classLocation).ToEquatableArray(),
            PrimaryConstructor = PrimaryConstructorOf(type, cancellationToken),
            UnchainedConstructors = UnchainedConstructorsOf(type, cancellationToken).ToEquatableArray(),
            InputAttributeLocation = imageLocation,
            InputsWritten = network.NamedArguments.Any(a => a.Key == "Inputs"),
        };
    }

    private static ParsedNetwork RepeatedOrEmpty(INamedTypeSymbol type, MemberDeclarationSyntax declaration, LocationInfo? classLocation) =>
        new(
            new NetworkSpec(NamespaceOf(type), type.Name, EquatableArray<ContainingType>.Empty, 0, LossKind.MeanSquaredError, EquatableArray<LayerSpec>.Empty),
            ParsedNetwork.RepeatedDeclaration,
            classLocation,
            null,
            EquatableArray<LayerSite>.Empty,
            declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
            type.IsStatic,
            IsGeneric: false,
            NonPartialContainer: null,
            EquatableArray<UnreadableAttribute>.Empty,
            EquatableArray<UserMember>.Empty,
            PrimaryConstructor: null,
            UnchainedConstructors: EquatableArray<LocationInfo>.Empty);

    private static LayerSpec ReadDense(AttributeData attribute)
    {
        NamedArguments written = NamedArguments.None;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            written |= argument.Key switch
            {
                "Init" => NamedArguments.Init,
                "Alpha" => NamedArguments.Alpha,
                "Mean" => NamedArguments.Mean,
                "StdDev" => NamedArguments.StdDev,
                "BiasInit" => NamedArguments.BiasInit,
                _ => NamedArguments.None,
            };
        }

        return LayerSpec.Dense(
            units: PositionalInt(attribute, 0, 0),
            activation: (ActivationKind)PositionalInt(attribute, 1, (int)ActivationKind.Identity),
            init: (InitKind)NamedInt(attribute, "Init", (int)InitKind.GlorotUniform),
            alpha: NamedDouble(attribute, "Alpha", double.NaN),
            mean: NamedDouble(attribute, "Mean", 0),
            stdDev: NamedDouble(attribute, "StdDev", 0.05),
            written: written,
            useBias: NamedBool(attribute, "UseBias", true),
            biasInit: (InitKind)NamedInt(attribute, "BiasInit", (int)InitKind.Zeros));
    }

    /// <summary>
    /// Why the attribute's values cannot be trusted, or null when they can: the first compiler error
    /// inside it (a wrong argument type is converted or dropped in <see cref="AttributeData"/>, an
    /// unknown property is silently left out), or a binding the compiler gave up on.
    /// </summary>
    private static string? Problem(AttributeData attribute, SemanticModel targetModel, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference is { } reference)
        {
            SemanticModel model = reference.SyntaxTree == targetModel.SyntaxTree
                ? targetModel
                : targetModel.Compilation.GetSemanticModel(reference.SyntaxTree);
            foreach (Diagnostic diagnostic in model.GetDiagnostics(reference.Span, cancellationToken))
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    return diagnostic.Id;
                }
            }
        }

        bool bound = attribute.AttributeConstructor is not null
            && attribute.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error)
            && attribute.NamedArguments.All(a => a.Value.Kind != TypedConstantKind.Error);
        return bound ? null : "its arguments match no constructor";
    }

    internal static bool Is(AttributeData attribute, string name) => attribute.AttributeClass?.ToDisplayString() == name;

    /// <summary>The layer attribute's name as the user writes it (<c>Dense</c>, <c>Conv2D</c>, ...), or null for any other attribute.</summary>
    private static string? LayerName(AttributeData attribute)
    {
        string? full = attribute.AttributeClass?.ToDisplayString();
        foreach ((string fullName, string name) in LayerAttributes)
        {
            if (full == fullName)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// Attributes in the order they are written: by file, then by position. Roslyn happens to return
    /// source order, but the layer order is the network, so it is made explicit.
    /// </summary>
    internal static IEnumerable<AttributeData> InWrittenOrder(IEnumerable<AttributeData> attributes) =>
        attributes
            .OrderBy(a => a.ApplicationSyntaxReference?.SyntaxTree.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference?.Span.Start ?? 0);

    private static LocationInfo? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));

    /// <summary>Whether the attribute sits in an attribute list of <paramref name="declaration"/> itself.</summary>
    private static bool IsWrittenOn(AttributeData attribute, SyntaxNode declaration, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent is { } owner
        && owner.SyntaxTree == declaration.SyntaxTree
        && owner.Span == declaration.Span;

    private static string KindOf(MemberDeclarationSyntax declaration) => declaration switch
    {
        ClassDeclarationSyntax => "class",
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        EnumDeclarationSyntax => "enum",
        _ => "delegate",
    };

    /// <summary>
    /// The class's own members and the visible members of its base classes whose names the generator
    /// may use. Property and event accessors are left out: their property or event stands for them.
    /// </summary>
    private static IEnumerable<UserMember> MembersNamedLikeGenerated(INamedTypeSymbol type, LocationInfo? classLocation)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (IsCandidate(member) && !IsPrimaryConstructor(member))
            {
                yield return Describe(member, null, LocationInfo.From(member.Locations.FirstOrDefault(l => l.IsInSource)) ?? classLocation);
            }
        }

        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            foreach (ISymbol member in baseType.GetMembers())
            {
                if (IsCandidate(member)
                    && member is not IMethodSymbol { MethodKind: MethodKind.Constructor }
                    && IsVisibleFrom(member, type))
                {
                    yield return Describe(member, baseType.Name, classLocation);
                }
            }
        }
    }

    private static bool IsCandidate(ISymbol member) =>
        !member.IsImplicitlyDeclared
        && member is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise or MethodKind.StaticConstructor or MethodKind.Destructor }
        && GeneratedMembers.MayBeGenerated(NameOf(member));

    /// <summary>
    /// The member's name as <see cref="GeneratedMembers"/> writes it. An explicit implementation's name
    /// spells its interface as the source does (<c>INetwork.InputSize</c>), so one of INetwork's is
    /// named as the generated code spells it.
    /// </summary>
    private static string NameOf(ISymbol member) =>
        member is IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } property
        && property.ExplicitInterfaceImplementations[0].ContainingType.ToDisplayString() == "Compiled.INetwork"
            ? GeneratedMembers.ExplicitNetwork + property.ExplicitInterfaceImplementations[0].Name
            : member.Name;

    private static bool IsPrimaryConstructor(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor }
        && member.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);

    private static bool IsVisibleFrom(ISymbol member, INamedTypeSymbol type) => member.DeclaredAccessibility switch
    {
        Accessibility.Private or Accessibility.NotApplicable => false,
        Accessibility.Internal or Accessibility.ProtectedAndInternal =>
            SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, type.ContainingAssembly),
        _ => true,
    };

    private static UserMember Describe(ISymbol member, string? inheritedFrom, LocationInfo? location)
    {
        string kind = member switch
        {
            IFieldSymbol { IsConst: true } => "constant",
            IFieldSymbol => "field",
            IPropertySymbol => "property",
            IEventSymbol => "event",
            IMethodSymbol { MethodKind: MethodKind.Constructor } => "constructor",
            IMethodSymbol => "method",
            _ => "nested type",
        };

        // Only methods without type parameters whose parameters are all passed by value can share a
        // signature with a generated method (every generated parameter is passed by value).
        EquatableArray<string>? parameters = member is IMethodSymbol { TypeParameters.Length: 0 } method
            && method.Parameters.All(p => p.RefKind == RefKind.None)
                ? method.Parameters.Select(p => p.Type.ToDisplayString(TypeFormat)).ToEquatableArray()
                : null;
        return new UserMember(NameOf(member), kind, parameters, member.ToDisplayString(MemberFormat), inheritedFrom, location);
    }

    private static LocationInfo? PrimaryConstructorOf(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: { } parameters })
            {
                return LocationInfo.From(parameters);
            }
        }

        return null;
    }

    // The user's instance constructors without a this(...) initializer: they would leave the buffers that the
    // generated constructor allocates null. (The generator's own constructor is not in the compilation it reads.)
    // One with the generated constructor's own signature (int, int) is a collision, which CMP0016 reports.
    private static IEnumerable<LocationInfo> UnchainedConstructorsOf(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 2 && constructor.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int32))
            {
                continue;
            }

            foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is ConstructorDeclarationSyntax syntax
                    && !syntax.Initializer.IsKind(SyntaxKind.ThisConstructorInitializer)
                    && LocationInfo.From(syntax.Identifier) is { } location)
                {
                    yield return location;
                }
            }
        }
    }

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

    private static bool NamedBool(AttributeData attribute, string name, bool fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is bool value)
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
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
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
