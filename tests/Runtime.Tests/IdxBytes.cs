using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Compiled.Runtime.Tests;

/// <summary>Builds small IDX files byte by byte, valid or deliberately broken, for the data tests.</summary>
internal static class IdxBytes
{
    /// <summary>An images file: magic 0x803, big-endian count, rows, columns, then the pixels.</summary>
    public static byte[] Images(int count, int rows, int columns, ReadOnlySpan<byte> pixels) =>
        Concat(Header(0x00000803, count, rows, columns), pixels);

    /// <summary><paramref name="count"/> images of rows x columns; pixel k of the whole stack is 7k mod 256 (<see cref="Pattern"/>).</summary>
    public static byte[] Images(int count, int rows, int columns) => Images(count, rows, columns, Pattern(count * rows * columns));

    /// <summary>A labels file: magic 0x801, big-endian count, then the labels.</summary>
    public static byte[] Labels(ReadOnlySpan<byte> labels) => Concat(Header(0x00000801, labels.Length), labels);

    /// <summary>A header alone: the magic number, then each dimension, all big-endian int32.</summary>
    public static byte[] Header(int magic, params int[] dimensions)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dimensions[d]);
        }

        return header;
    }

    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7 % 256);
        }

        return bytes;
    }

    public static byte[] Gzip(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            // GZipStream writes nothing when given nothing; a gzip file of no data still has its header, an empty
            // final deflate block (03 00) and a trailer of CRC-32 0 and length 0.
            return [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    public static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var bytes = new byte[first.Length + second.Length];
        first.CopyTo(bytes);
        second.CopyTo(bytes.AsSpan(first.Length));
        return bytes;
    }
}
