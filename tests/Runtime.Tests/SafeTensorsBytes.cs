using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Compiled.Runtime.Tests;

/// <summary>
/// Builds safetensors files byte by byte from a header string, independently of the writer under test,
/// so tests can state exactly what a file holds (and hand the reader files no writer would produce).
/// </summary>
internal static class SafeTensorsBytes
{
    /// <summary>The 8-byte little-endian header length, the header, then the data.</summary>
    public static byte[] File(string header, byte[] data, ulong? declaredHeaderLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredHeaderLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    /// <summary>Little-endian float32 bytes.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static Stream Stream(byte[] bytes) => new MemoryStream(bytes, writable: false);
}
