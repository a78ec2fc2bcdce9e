using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Tests.Infrastructure;

/// <summary>
/// Walks everything reachable from an object through its fields (of every class in its hierarchy,
/// public or not), array elements and enumerated items, and reports the paths to objects a pipeline
/// value must never hold: they pin a whole compilation in memory and defeat the generator's caching.
/// </summary>
internal static class ObjectGraph
{
    /// <summary>Compilations, symbols, syntax and semantic models: what incremental pipeline values must not hold.</summary>
    public static bool IsCompilationState(object value) =>
        value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel;

    /// <summary>The path from <paramref name="root"/> (named <paramref name="rootName"/>) to each reachable forbidden object.</summary>
    public static List<string> PathsTo(object? root, string rootName, Func<object, bool> forbidden)
    {
        var found = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object? Value, string Path)>();
        pending.Push((root, rootName));

        while (pending.Count > 0)
        {
            (object? value, string path) = pending.Pop();
            if (value is null || IsLeaf(value.GetType()) || !visited.Add(value))
            {
                continue;
            }

            if (forbidden(value))
            {
                found.Add($"{path} ({value.GetType().FullName})");
                continue;
            }

            if (value is Array array)
            {
                int index = 0;
                foreach (object? element in array)
                {
                    pending.Push((element, $"{path}[{index++}]"));
                }

                continue;
            }

            // Fields already reach a collection's storage; enumerating also covers lazily computed items.
            // Pushed first so that the paths through fields, popped first, are the ones reported.
            if (value is IEnumerable items)
            {
                int index = 0;
                foreach (object? item in items)
                {
                    pending.Push((item, $"{path}<item {index++}>"));
                }
            }

            for (Type? type = value.GetType(); type is not null; type = type.BaseType)
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
                    {
                        pending.Push((field.GetValue(value), $"{path}.{field.Name}"));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Types that hold nothing further, or only reflection metadata (the runtime's, not the user's code).</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || typeof(MemberInfo).IsAssignableFrom(type)
        || typeof(System.Globalization.CultureInfo).IsAssignableFrom(type);
}
