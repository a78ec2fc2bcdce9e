using System;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

/// <summary>
/// The operations the width-generic kernels are written with, on both vector types, element by element against the
/// scalar arithmetic they stand for. Vector512 runs here whether or not the machine accelerates it.
/// </summary>
public sealed class VectorOpsTests
{
    // Values that exercise signs, zeros of both signs, and NaN (max and the positive test must treat it as documented).
    private static readonly float[] Values =
        [1.5f, -2.25f, 0f, -0f, 3.125f, -7f, float.NaN, 1e-3f, 9f, -0.5f, 4f, -1e6f, 2f, 0.75f, -3f, 6f, 11f, -12f, 0.1f, -0.1f];

    [Fact]
    public void Count_is_the_vector_types_width()
    {
        Assert.Equal(Vector<float>.Count, VectorOps.Count);
        Assert.Equal(16, Vector512Ops.Count);
    }

    [Fact]
    public void Portable_ops_match_scalar_arithmetic() => CheckOps<VectorOps, Vector<float>>();

    [Fact]
    public void Vector512_ops_match_scalar_arithmetic() => CheckOps<Vector512Ops, Vector512<float>>();

    [Fact]
    public void Both_widths_give_the_same_bits_for_the_same_multiply_adds()
    {
        // What keeps a network's outputs independent of the kernels' width: each lane does the same operation.
        var a = Enumerable.Range(0, 64).Select(i => MathF.Sin(i) * 3).ToArray();
        var b = Enumerable.Range(0, 64).Select(i => MathF.Cos(i * 0.7f)).ToArray();
        var c = Enumerable.Range(0, 64).Select(i => i * 0.01f - 0.2f).ToArray();
        Assert.Equal(MultiplyAddAll<VectorOps, Vector<float>>(a, b, c), MultiplyAddAll<Vector512Ops, Vector512<float>>(a, b, c));
    }

    private static float[] MultiplyAddAll<TOps, TVector>(float[] a, float[] b, float[] c)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        var result = new float[a.Length];
        for (int i = 0; i < a.Length; i += TOps.Count)
        {
            TVector s = TOps.MultiplyAdd(TOps.Load(ref a[0], (nuint)i), TOps.Load(ref b[0], (nuint)i), TOps.Load(ref c[0], (nuint)i));
            TOps.Store(s, ref result[0], (nuint)i);
        }

        return result;
    }

    private static void CheckOps<TOps, TVector>()
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int n = TOps.Count;
        var x = new float[n + 3];
        var y = new float[n + 3];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Values[i % Values.Length];
            y[i] = Values[(i + 5) % Values.Length];
        }

        // Load and store at an offset: elements 2 .. 2 + n - 1, nothing written around them.
        var stored = new float[n + 4];
        TOps.Store(TOps.Load(ref x[0], 2), ref stored[0], 1);
        Assert.Equal(0f, stored[0]);
        Assert.Equal(x.AsSpan(2, n).ToArray(), stored.AsSpan(1, n).ToArray());
        Assert.All(stored.AsSpan(n + 1).ToArray(), value => Assert.Equal(0f, value));

        TVector a = TOps.Load(ref x[0], 0), b = TOps.Load(ref y[0], 0), c = TOps.Load(ref x[0], 3);
        float[] Lanes(TVector v)
        {
            var lanes = new float[n];
            TOps.Store(v, ref lanes[0], 0);
            return lanes;
        }

        Assert.All(Lanes(TOps.Zero), value => Assert.Equal(0f, value));
        Assert.All(Lanes(TOps.One), value => Assert.Equal(1f, value));
        Assert.All(Lanes(TOps.Create(-2.5f)), value => Assert.Equal(-2.5f, value));

        float[] sum = Lanes(TOps.MultiplyAdd(a, b, c)), scaled = Lanes(TOps.Multiply(a, 0.3f)), max = Lanes(TOps.Max(a, b));
        float[] selected = Lanes(TOps.WherePositive(a, b, c));
        float[] product = Lanes(TOps.Multiply(a, b)), total = Lanes(TOps.Add(a, b)), difference = Lanes(TOps.Subtract(a, b));
        for (int i = 0; i < n; i++)
        {
            float expectedSum = Fused() ? MathF.FusedMultiplyAdd(x[i], y[i], x[i + 3]) : (x[i] * y[i]) + x[i + 3];
            Assert.Equal(expectedSum, sum[i]);
            Assert.Equal(x[i] * 0.3f, scaled[i]);
            Assert.Equal(Vector.Max(new Vector<float>(x[i]), new Vector<float>(y[i]))[0], max[i]);
            Assert.Equal(x[i] > 0f ? y[i] : x[i + 3], selected[i]);
            Assert.Equal(x[i] * y[i], product[i]);
            Assert.Equal(x[i] + y[i], total[i]);
            Assert.Equal(x[i] - y[i], difference[i]);
        }
    }

    // Whether the multiply-add rounds once: both types fuse where the hardware has FMA (Vector512 as two fused halves
    // where AVX-512 is missing).
    private static bool Fused() => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
}
