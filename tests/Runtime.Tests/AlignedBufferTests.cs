using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class AlignedBufferTests
{
    [Fact]
    public void Every_buffer_starts_on_a_64_byte_boundary_and_holds_its_length_in_zeros()
    {
        // Many buffers of many lengths, kept alive together: the allocator places their arrays at every offset it
        // uses, and each buffer must start on the boundary anyway.
        var buffers = new List<AlignedBuffer>();
        for (int length = 0; length < 300; length++)
        {
            buffers.Add(new AlignedBuffer(length));
        }

        var offsets = new HashSet<long>();
        foreach (AlignedBuffer buffer in buffers)
        {
            Span<float> span = buffer.Span;
            Assert.Equal(buffer.Length, span.Length);
            Assert.All(span.ToArray(), value => Assert.Equal(0f, value));
            long address = AddressOf(span);
            Assert.Equal(0, address % AlignedBuffer.Alignment);
            offsets.Add(ArrayAddress(buffer) % AlignedBuffer.Alignment);
        }

        Assert.True(offsets.Count > 1, "every array happened to start on a boundary: the test proves nothing");
    }

    [Fact]
    public void Slices_are_views_of_the_buffer_and_stay_inside_it()
    {
        var buffer = new AlignedBuffer(40);
        buffer.Slice(16, 8).Fill(3f);
        Assert.Equal(3f, buffer.Span[16]);
        Assert.Equal(0f, buffer.Span[24]);
        Assert.Equal(AddressOf(buffer.Span) + (16 * sizeof(float)), AddressOf(buffer.Slice(16, 8)));

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice(33, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-1));
    }

    [Fact]
    public void The_buffer_stays_where_it_is_across_collections()
    {
        var buffer = new AlignedBuffer(1000);
        long before = AddressOf(buffer.Span);
        for (int i = 0; i < 3; i++)
        {
            _ = new byte[100_000];
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        Assert.Equal(before, AddressOf(buffer.Span));
    }

    private static unsafe long AddressOf(Span<float> span) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));

    // The address of the first element of the array behind the buffer (the slack in front included).
    private static unsafe long ArrayAddress(AlignedBuffer buffer)
    {
        var array = (float[])typeof(AlignedBuffer).GetField("_array", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(buffer)!;
        return (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
    }
}
