using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace Compiled.Serialization;

/// <summary>
/// A safetensors file read and validated by <see cref="SafeTensors.Read"/>: its tensors, its
/// metadata, and the data section they index.
/// </summary>
public sealed class SafeTensorsFile
{
    private readonly byte[] _data;

    internal SafeTensorsFile(IReadOnlyDictionary<string, TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata, byte[] data)
    {
        Tensors = tensors;
        Metadata = metadata;
        _data = data;
    }

    /// <summary>Every tensor by name.</summary>
    public IReadOnlyDictionary<string, TensorEntry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries: free-form string pairs.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Copies a float32 tensor's values, decoded from little-endian, into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">The tensor is missing or is not F32.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/>'s length differs from the tensor's element count.</exception>
    public void CopyFloat32(string name, Span<float> destination)
    {
        if (!Tensors.TryGetValue(name, out TensorEntry? entry))
        {
            throw new InvalidDataException($"The file has no tensor '{name}'.");
        }

        if (entry.DType != "F32")
        {
            throw new InvalidDataException($"Tensor '{name}' is {entry.DType}; expected F32.");
        }

        if (destination.Length != entry.ElementCount)
        {
            throw new ArgumentException(
                $"destination must have length {entry.ElementCount}, the element count of '{name}' {entry.ShapeText}; got {destination.Length}.",
                nameof(destination));
        }

        ReadOnlySpan<byte> bytes = _data.AsSpan((int)entry.Begin, (int)(entry.End - entry.Begin));
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
        }
    }
}
