using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Compiled.Serialization;

/// <summary>A tensor to write: its name, shape and float32 values.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Shape">The dimensions, outermost first; their product must equal the number of values.</param>
/// <param name="Values">The values in row-major order.</param>
public readonly record struct Float32Tensor(string Name, long[] Shape, ReadOnlyMemory<float> Values);

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each
/// tensor name to its <c>dtype</c>, <c>shape</c> and <c>data_offsets</c> (plus an optional
/// <c>__metadata__</c> object of strings), then the data section the offsets index.
/// </summary>
/// <remarks>
/// Reading is strict, as for a file from a stranger: every defect (a header longer than the file or
/// than <see cref="MaxHeaderBytes"/>, malformed JSON, duplicate names, an unknown dtype, a shape whose
/// byte size overflows or disagrees with its offsets, overlapping ranges, bytes no tensor claims) is an
/// <see cref="InvalidDataException"/> naming the tensor, and nothing larger than the file is allocated.
/// </remarks>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB), as the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly Dictionary<string, int> ElementSizes = new()
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E4M3"] = 1, ["F8_E5M2"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>Writes <paramref name="tensors"/>, in the order given, and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a shape does not match its values.</exception>
    public static void Write(Stream stream, IReadOnlyList<Float32Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata)
                {
                    json.WriteString(pair.Key, pair.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (Float32Tensor tensor in tensors)
            {
                if (!names.Add(tensor.Name) || tensor.Name == MetadataKey)
                {
                    throw new ArgumentException($"Tensor name '{tensor.Name}' is used twice or reserved.", nameof(tensors));
                }

                long count = tensor.Shape.Aggregate(1L, (product, d) => d < 0 ? -1 : checked(product * d));
                if (count != tensor.Values.Length)
                {
                    throw new ArgumentException(
                        $"Tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}] but {tensor.Values.Length} values.", nameof(tensors));
                }

                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += count * sizeof(float));
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces to a multiple of 8 bytes, so the data section is 8-byte aligned.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);

        byte[] chunk = new byte[64 * 1024];
        foreach (Float32Tensor tensor in tensors)
        {
            ReadOnlySpan<float> values = tensor.Values.Span;
            while (!values.IsEmpty)
            {
                int take = Math.Min(values.Length, chunk.Length / sizeof(float));
                for (int i = 0; i < take; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(i * sizeof(float)), values[i]);
                }

                stream.Write(chunk, 0, take * sizeof(float));
                values = values.Slice(take);
            }
        }
    }

    /// <summary>Reads and validates a whole safetensors file from <paramref name="stream"/> (from its current position to its end).</summary>
    /// <exception cref="InvalidDataException">The content is not a valid safetensors file; the message says why.</exception>
    public static SafeTensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            // An unknown length cannot bound the allocations: buffer what the stream really holds first.
            var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            stream = buffered;
        }

        long available = stream.Length - stream.Position;
        if (available < 8)
        {
            throw new InvalidDataException($"The file is {available} bytes long: too short for the 8-byte header length of a safetensors file.");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength < 2 || headerLength > (ulong)MaxHeaderBytes || headerLength > (ulong)(available - 8))
        {
            throw new InvalidDataException(
                $"The header length {headerLength} is invalid: the file holds {available - 8} bytes after it, and a header is at least 2 and at most {MaxHeaderBytes} bytes.");
        }

        byte[] header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = available - 8 - (long)headerLength;
        (Dictionary<string, TensorEntry> tensors, Dictionary<string, string> metadata) = ParseHeader(header);
        CheckLayout(tensors.Values, dataLength);

        byte[] data = new byte[dataLength];
        stream.ReadExactly(data);
        return new SafeTensorsFile(tensors, metadata, data);
    }

    private static (Dictionary<string, TensorEntry>, Dictionary<string, string>) ParseHeader(byte[] header)
    {
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        Expect(System.Text.Unicode.Utf8.IsValid(header), "the header is not valid UTF-8");
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 4 });
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "the header is not a JSON object");
            bool seenMetadata = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (name == MetadataKey)
                {
                    Expect(!seenMetadata, "__metadata__ appears twice");
                    seenMetadata = true;
                    ReadMetadata(ref reader, metadata);
                    continue;
                }

                Expect(!tensors.ContainsKey(name), $"tensor '{name}' appears twice");
                tensors.Add(name, ReadTensor(ref reader, name));
            }

            Expect(reader.TokenType == JsonTokenType.EndObject, "the header's JSON object is not closed");

            // Only padding may follow the object.
            ReadOnlySpan<byte> rest = header.AsSpan((int)reader.BytesConsumed);
            Expect(rest.Trim((byte)' ').IsEmpty, "bytes other than space padding follow the header's JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The header is not valid JSON: {e.Message}", e);
        }

        return (tensors, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "__metadata__ is not an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            Expect(reader.Read() && reader.TokenType == JsonTokenType.String, $"__metadata__ value '{key}' is not a string");
            Expect(metadata.TryAdd(key, reader.GetString()!), $"__metadata__ key '{key}' appears twice");
        }
    }

    private static TensorEntry ReadTensor(ref Utf8JsonReader reader, string name)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, $"tensor '{name}' is not an object");
        string? dtype = null;
        List<long>? shape = null, offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            Expect(reader.Read(), $"tensor '{name}' ends early");
            switch (field)
            {
                case "dtype" when dtype is null:
                    Expect(reader.TokenType == JsonTokenType.String, $"tensor '{name}' has a dtype that is not a string");
                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, "data_offsets");
                    break;
                default:
                    throw new InvalidDataException($"Tensor '{name}' has an unexpected or repeated field '{field}'.");
            }
        }

        Expect(dtype is not null && shape is not null && offsets is not null, $"tensor '{name}' lacks dtype, shape or data_offsets");
        Expect(ElementSizes.ContainsKey(dtype!), $"tensor '{name}' has the unknown dtype '{dtype}'");
        Expect(offsets!.Count == 2 && offsets[0] <= offsets[1], $"tensor '{name}' has data_offsets that are not [begin, end] with begin <= end");
        return new TensorEntry(name, dtype!, shape!.ToArray(), offsets[0], offsets[1]);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, $"tensor '{name}' has a {field} that is not an array");
        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) && value >= 0,
                $"tensor '{name}' has a {field} entry that is not a non-negative integer");
            Expect(values.Count < 64, $"tensor '{name}' has more than 64 {field} entries");
            values.Add(reader.GetInt64());
        }

        return values;
    }

    // Each tensor's byte size must follow from its shape, and together the tensors must cover the data
    // section exactly: no overlap, no unclaimed bytes (which would let a file hide other content).
    private static void CheckLayout(IEnumerable<TensorEntry> tensors, long dataLength)
    {
        long expectedBegin = 0;
        foreach (TensorEntry tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            long bytes;
            try
            {
                bytes = checked(tensor.Shape.Aggregate(1L, (product, d) => checked(product * d)) * ElementSizes[tensor.DType]);
            }
            catch (OverflowException)
            {
                throw new InvalidDataException($"Tensor '{tensor.Name}' has shape {tensor.ShapeText}, whose size overflows.");
            }

            Expect(tensor.End - tensor.Begin == bytes,
                $"tensor '{tensor.Name}' ({tensor.DType} {tensor.ShapeText}) needs {bytes} bytes but its data_offsets [{tensor.Begin}, {tensor.End}] span {tensor.End - tensor.Begin}");
            Expect(tensor.Begin == expectedBegin,
                tensor.Begin < expectedBegin
                    ? $"tensor '{tensor.Name}' overlaps the tensor before it"
                    : $"bytes {expectedBegin} to {tensor.Begin} of the data section belong to no tensor");
            expectedBegin = tensor.End;
        }

        Expect(expectedBegin == dataLength,
            expectedBegin > dataLength
                ? $"the tensors need {expectedBegin} bytes of data but the file holds {dataLength}: it is truncated"
                : $"the data section holds {dataLength - expectedBegin} bytes after the last tensor");
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Not a valid safetensors file: {problem}.");
        }
    }
}
