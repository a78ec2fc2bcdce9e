using System;
using System.ComponentModel;
using System.Numerics;

namespace Compiled.Kernels;

/// <summary>
/// PReLU with one learned slope per unit (PyTorch's <c>nn.PReLU(num_parameters = units)</c>): its forward pass and
/// its backward pass, which gives both dL/dz and the slopes' gradient. Serves generated code; not meant to be called
/// directly.
/// </summary>
/// <remarks>
/// Spans are row-major [batch, units], the units being the length of the slopes. Nothing is allocated. Each row is
/// computed in order, vectors of units first and the remaining units one by one with the same operations, so a
/// value does not depend on the batch it came with, nor on the number of threads a generated network uses.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PRelu
{
    /// <summary>a[b, j] = z[b, j] if z[b, j] &gt; 0, else slopes[j] * z[b, j].</summary>
    /// <param name="z">Pre-activations, [batch, units].</param>
    /// <param name="slopes">One slope per unit: the row width.</param>
    /// <param name="a">Activations, the length of <paramref name="z"/>; may be the same span as <paramref name="z"/>.</param>
    /// <exception cref="ArgumentException">A length does not fit [batch, units]; the message gives the expected length.</exception>
    public static void Forward(ReadOnlySpan<float> z, ReadOnlySpan<float> slopes, Span<float> a)
    {
        int units = slopes.Length;
        ShapeChecks.SampleCount(z.Length, units, nameof(z));
        ShapeChecks.ExpectLength(a.Length, z.Length, nameof(a));
        for (int row = 0; row < z.Length; row += units)
        {
            ReadOnlySpan<float> zRow = z.Slice(row, units);
            Span<float> aRow = a.Slice(row, units);
            int j = 0;
            for (; j <= units - Vector<float>.Count; j += Vector<float>.Count)
            {
                var zj = new Vector<float>(zRow.Slice(j));
                var slope = new Vector<float>(slopes.Slice(j));
                Vector.ConditionalSelect(Vector.GreaterThan(zj, Vector<float>.Zero), zj, zj * slope).CopyTo(aRow.Slice(j));
            }

            for (; j < units; j++)
            {
                float zj = zRow[j];
                aRow[j] = zj > 0f ? zj : slopes[j] * zj;
            }
        }
    }

    /// <summary>
    /// From dL/da: dSlopes[j] = sum_b dA[b, j] * min(z[b, j], 0), summed over the rows in order (overwriting
    /// <paramref name="dSlopes"/>), and dZ[b, j] = dA[b, j] * (z[b, j] &gt; 0 ? 1 : slopes[j]).
    /// </summary>
    /// <param name="dA">dL/da, [batch, units].</param>
    /// <param name="z">The pre-activations of the forward pass, [batch, units].</param>
    /// <param name="slopes">One slope per unit, as the forward pass used them.</param>
    /// <param name="dSlopes">Receives dL/dslopes, one per unit.</param>
    /// <param name="dZ">Receives dL/dz, the length of <paramref name="z"/>; may be the same span as <paramref name="dA"/> (in place).</param>
    /// <exception cref="ArgumentException">A length does not fit [batch, units]; the message gives the expected length.</exception>
    public static void Backward(ReadOnlySpan<float> dA, ReadOnlySpan<float> z, ReadOnlySpan<float> slopes, Span<float> dSlopes, Span<float> dZ)
    {
        int units = slopes.Length;
        ShapeChecks.SampleCount(z.Length, units, nameof(z));
        ShapeChecks.ExpectLength(dA.Length, z.Length, nameof(dA));
        ShapeChecks.ExpectLength(dZ.Length, z.Length, nameof(dZ));
        ShapeChecks.ExpectLength(dSlopes.Length, units, nameof(dSlopes));
        dSlopes.Clear();
        for (int row = 0; row < z.Length; row += units)
        {
            ReadOnlySpan<float> gRow = dA.Slice(row, units), zRow = z.Slice(row, units);
            Span<float> dzRow = dZ.Slice(row, units);
            int j = 0;
            for (; j <= units - Vector<float>.Count; j += Vector<float>.Count)
            {
                var g = new Vector<float>(gRow.Slice(j));
                var zj = new Vector<float>(zRow.Slice(j));
                var slope = new Vector<float>(slopes.Slice(j));
                (new Vector<float>(dSlopes.Slice(j)) + g * Vector.Min(zj, Vector<float>.Zero)).CopyTo(dSlopes.Slice(j));
                Vector.ConditionalSelect(Vector.GreaterThan(zj, Vector<float>.Zero), g, g * slope).CopyTo(dzRow.Slice(j));
            }

            for (; j < units; j++)
            {
                float g = gRow[j], zj = zRow[j];
                dSlopes[j] += g * MathF.Min(zj, 0f);
                dzRow[j] = zj > 0f ? g : g * slopes[j];
            }
        }
    }
}
