using System;

namespace Compiled.Serialization;

/// <summary>One tensor of a safetensors header: its name, element type, shape and byte range in the data section.</summary>
/// <param name="Name">The tensor's name, e.g. <c>fc1.weight</c>.</param>
/// <param name="DType">The safetensors element type, e.g. <c>F32</c>.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="Begin">Offset of the first byte in the data section.</param>
/// <param name="End">Offset one past the last byte in the data section.</param>
public sealed record TensorEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count *= dimension;
            }

            return count;
        }
    }

    /// <summary>The shape as the field writes it, e.g. <c>[256, 784]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>Whether the shape equals <paramref name="expected"/>.</summary>
    public bool HasShape(ReadOnlySpan<long> expected) => Shape.AsSpan().SequenceEqual(expected);
}
