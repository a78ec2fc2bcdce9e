using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled.Kernels;

/// <summary>
/// Flush to zero for the optimizers' running state: a value of magnitude below float's smallest normal number
/// (2^-126, about 1.18e-38) becomes +0. A moment or velocity whose gradient stays 0 (a dead ReLU unit, a pixel that is 0
/// throughout a batch) decays by a constant factor a step into the subnormal range and stays there (0.9 of a few ulps
/// rounds back up), and x86 cores take a slow path for arithmetic on subnormal numbers, so every later step over such
/// a buffer slows down. TensorFlow's CPU kernels run with flush to zero; PyTorch offers it as
/// <c>torch.set_flush_denormal(True)</c>.
/// </summary>
internal static class Subnormals
{
    /// <summary>float's smallest positive normal value, 2^-126.</summary>
    public const float SmallestNormal = 1.17549435E-38f;

    /// <summary>+0 where |x| &lt; 2^-126 (subnormals and -0), else x (NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> FlushToZero(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(SmallestNormal)), Vector<float>.Zero, x);

    /// <summary>+0 where |x| &lt; 2^-126 (subnormals and -0), else x (NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FlushToZero(float x) => MathF.Abs(x) < SmallestNormal ? 0f : x;

    /// <summary>Flushes every element of <paramref name="values"/> in place: one pass, for buffers updated by several.</summary>
    public static void FlushToZero(Span<float> values)
    {
        ref float first = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                FlushToZero(Vector.LoadUnsafe(ref first, (nuint)i)).StoreUnsafe(ref first, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref first, i) = FlushToZero(Unsafe.Add(ref first, i));
        }
    }
}
