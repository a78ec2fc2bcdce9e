using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Compiled.Serialization;

namespace Compiled.Runtime.Tests;

public class SafeTensorsTests
{
    private static readonly byte[] SixFloats = SafeTensorsBytes.Floats(1, 2, 3, 4, 5, 6);

    [Fact]
    public void A_written_file_reads_back_with_its_tensors_values_and_metadata()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, [
            new Float32Tensor("fc1.weight", [2, 3], new float[] { 1, 2, 3, 4, 5, 6 }),
            new Float32Tensor("fc1.bias", [2], new float[] { -1, 0.5f }),
        ], new Dictionary<string, string> { ["format"] = "pt" });

        stream.Position = 0;
        SafeTensorsFile file = SafeTensors.Read(stream);

        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([2L, 3L], file.Tensors["fc1.weight"].Shape);
        var weight = new float[6];
        file.CopyFloat32("fc1.weight", weight);
        Assert.Equal([1f, 2, 3, 4, 5, 6], weight);
        var bias = new float[2];
        file.CopyFloat32("fc1.bias", bias);
        Assert.Equal([-1f, 0.5f], bias);
    }

    [Fact]
    public void The_writer_follows_the_format_byte_for_byte()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, [new Float32Tensor("t", [2], new float[] { 1, 2 })]);
        byte[] bytes = stream.ToArray();

        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, headerLength % 8); // padded so the data is 8-byte aligned
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' ');
        Assert.Equal("""{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(SafeTensorsBytes.Floats(1, 2), bytes[(8 + (int)headerLength)..]);
    }

    [Fact]
    public void A_file_built_by_hand_to_the_specification_reads()
    {
        byte[] bytes = SafeTensorsBytes.File(
            """{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}  """,
            SixFloats);

        SafeTensorsFile file = SafeTensors.Read(SafeTensorsBytes.Stream(bytes));

        var b = new float[2];
        file.CopyFloat32("b", b);
        Assert.Equal([5f, 6], b);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"a":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "'a' appears twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", "")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}""", "")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "needs 12 bytes")]
    [InlineData("""{"a":{"dtype":"Q4","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "unknown dtype 'Q4'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "overflows")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "non-negative integer")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[16,0]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "begin <= end")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16],"extra":1},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "unexpected or repeated field 'extra'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", "lacks dtype, shape or data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", "after the last tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[8],"data_offsets":[0,32]}}""", "truncated")]
    [InlineData("""{"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}} x""", "other than space padding")]
    [InlineData("""[1, 2, 3]""", "not a JSON object")]
    [InlineData("""{"a":""", "not valid JSON")]
    [InlineData("""{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}""", "is not a string")]
    public void A_malformed_header_is_rejected_with_the_reason(string header, string reason)
    {
        byte[] bytes = SafeTensorsBytes.File(header, SixFloats);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(SafeTensorsBytes.Stream(bytes)));

        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(100_000_001UL)]
    [InlineData(1000UL)]
    [InlineData(0UL)]
    public void A_header_length_beyond_the_file_or_the_limit_is_rejected_before_allocating(ulong declared)
    {
        byte[] bytes = SafeTensorsBytes.File("""{"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}""", SixFloats, declared);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(SafeTensorsBytes.Stream(bytes)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("header length", error.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(SafeTensorsBytes.Stream([1, 2, 3])));
        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void A_non_seekable_stream_reads_like_a_file()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, [new Float32Tensor("t", [3], new float[] { 7, 8, 9 })]);

        SafeTensorsFile file = SafeTensors.Read(new ForwardOnlyStream(stream.ToArray()));

        var t = new float[3];
        file.CopyFloat32("t", t);
        Assert.Equal([7f, 8, 9], t);
    }

    [Fact]
    public void Writing_two_tensors_with_one_name_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Write(new MemoryStream(), [
            new Float32Tensor("t", [1], new float[] { 1 }),
            new Float32Tensor("t", [1], new float[] { 2 }),
        ]));
        Assert.Contains("'t'", error.Message);
    }

    [Fact]
    public void Thousands_of_mutated_files_throw_only_InvalidDataException()
    {
        var original = new MemoryStream();
        SafeTensors.Write(original, [
            new Float32Tensor("fc1.weight", [4, 3], new float[12]),
            new Float32Tensor("fc1.bias", [4], new float[4]),
            new Float32Tensor("fc2.weight", [2, 4], new float[8]),
        ], new Dictionary<string, string> { ["format"] = "pt" });
        byte[] bytes = original.ToArray();
        var random = new Random(1234);
        int rejected = 0;
        for (int trial = 0; trial < 5000; trial++)
        {
            byte[] mutated = SafeTensorsFuzz.Mutate(bytes, random);
            try
            {
                SafeTensors.Read(SafeTensorsBytes.Stream(mutated));
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
        }

        // Most mutations break the file; those that only touch tensor data (or padding) leave it valid,
        // and a reader that rejected those would be rejecting good files.
        Assert.True(rejected >= 2500, $"only {rejected} of 5000 mutations were rejected");
        Assert.True(rejected < 5000, "every mutation was rejected, even those that only change tensor values");
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}

/// <summary>Mutations of a valid file that hit the length prefix, the JSON header and the data alike.</summary>
internal static class SafeTensorsFuzz
{
    public static byte[] Mutate(byte[] bytes, Random random)
    {
        byte[] copy = (byte[])bytes.Clone();
        int headerEnd = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        switch (random.Next(6))
        {
            case 0: // flip bits anywhere
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
            case 1: // a digit or a punctuation mark of the header replaced by another
                copy[random.Next(8, headerEnd)] = (byte)"0123456789[]{},:\"-eE. "[random.Next(22)];
                return copy;
            case 2: // truncated
                return copy[..random.Next(copy.Length)];
            case 3: // a different length prefix
                BitConverter.TryWriteBytes(copy.AsSpan(0, 8), random.Next(4) switch
                {
                    0 => ulong.MaxValue - (ulong)random.Next(1000),
                    1 => (ulong)random.Next(headerEnd + 64),
                    2 => (ulong)(headerEnd - 8) ^ (1UL << random.Next(64)),
                    _ => 0UL,
                });
                return copy;
            case 4: // bytes appended
                return [.. copy, .. new byte[random.Next(1, 40)]];
            default: // a header byte deleted
                int at = random.Next(8, headerEnd);
                return [.. copy[..at], .. copy[(at + 1)..]];
        }
    }
}
