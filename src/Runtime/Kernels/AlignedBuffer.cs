using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled.Kernels;

/// <summary>
/// A buffer of floats whose first element sits on a 64-byte boundary: a cache line, and the width of a 512-bit
/// vector. Serves generated code (a network's parameters, gradients and packed panels); not meant to be called directly.
/// </summary>
/// <remarks>
/// A managed array's elements start wherever the allocator put the array, 8 or 16 bytes past a line boundary as often
/// as not, and then every 512-bit load of the kernels straddles two cache lines. The buffer is a pinned array (on the
/// pinned object heap, so the garbage collector never moves it) with up to 15 floats of slack in front, and the
/// buffer starts at the first aligned element. Layers whose sizes are multiples of 16 then keep every row of their
/// weights aligned too. The three matrix-vector kernels of one sample through the seed MLP 784-256-256-10 on 512-bit
/// vectors took a median 7.3, 10.2 and 10.5 us with the weights aligned against 9.6, 12.2 and 11.0 us with them 8 bytes
/// past a line (2-core Zen 5 VM, three processes, both copies timed in turn in each).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class AlignedBuffer
{
    /// <summary>The alignment of the first element, in bytes.</summary>
    public const int Alignment = 64;

    private readonly float[] _array;
    private readonly int _start;

    /// <summary>Allocates <paramref name="length"/> floats, all 0.</summary>
    /// <param name="length">The number of floats, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public unsafe AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        const int slack = (Alignment / sizeof(float)) - 1;
        _array = GC.AllocateArray<float>(length + slack, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        _start = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
        Length = length;
    }

    /// <summary>The number of floats.</summary>
    public int Length { get; }

    /// <summary>The whole buffer.</summary>
    public Span<float> Span => new(_array, _start, Length);

    /// <summary>Floats [offset, offset + length) of the buffer.</summary>
    /// <param name="offset">The first float.</param>
    /// <param name="length">The number of floats.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within the buffer.</exception>
    public Span<float> Slice(int offset, int length) => Span.Slice(offset, length);
}
