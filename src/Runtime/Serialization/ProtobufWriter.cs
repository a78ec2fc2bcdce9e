using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Compiled.Serialization;

/// <summary>
/// The protocol-buffers wire format, just what writing an ONNX model needs: varints (wire type 0),
/// 32-bit floats (type 5) and length-delimited strings, bytes and nested messages (type 2).
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _bytes = new();

    public byte[] ToArray() => _bytes.ToArray();

    public ProtobufWriter Varint(int field, long value)
    {
        Tag(field, wireType: 0);
        RawVarint((ulong)value);
        return this;
    }

    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, wireType: 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _bytes.Write(bytes);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, wireType: 2);
        RawVarint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    /// <summary>A repeated int64 field, packed (proto3's default encoding for repeated scalars).</summary>
    public ProtobufWriter PackedVarints(int field, IEnumerable<long> values)
    {
        var packed = new ProtobufWriter();
        foreach (long value in values)
        {
            packed.RawVarint((ulong)value);
        }

        return Bytes(field, packed.ToArray());
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)(field << 3 | wireType));

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.WriteByte((byte)value);
    }
}
