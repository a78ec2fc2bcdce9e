using System;
using System.IO;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

/// <summary>Mutated IDX files, raw and gzip: each is read or rejected with an InvalidDataException, never anything else.</summary>
public sealed class IdxFuzzTests : IDisposable
{
    private const int Cases = 1000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void Mutated_images_files_are_read_or_rejected_with_invalid_data_only(bool gzip, int seed)
    {
        byte[] genuine = IdxBytes.Images(6, 5, 4);
        Fuzz(genuine, gzip, seed, path => Idx.ReadImages(path));
    }

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 4)]
    public void Mutated_labels_files_are_read_or_rejected_with_invalid_data_only(bool gzip, int seed)
    {
        byte[] genuine = IdxBytes.Labels([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
        Fuzz(genuine, gzip, seed, path => Idx.ReadLabels(path));
    }

    private void Fuzz(byte[] genuine, bool gzip, int seed, Action<string> read)
    {
        var random = new Random(seed);
        string path = Path.Combine(_directory.Path, "fuzzed");
        int rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            // Mutate the IDX bytes before compression (headers and bodies the gzip layer passes through), or the gzip
            // bytes themselves (corrupt deflate data, headers and trailers).
            byte[] file = gzip && random.Next(2) == 0 ? Mutate(IdxBytes.Gzip(genuine), random) : Mutate(genuine, random);
            if (gzip && file.Length > 0 && file[0] != 0x1f)
            {
                file = IdxBytes.Gzip(file);
            }

            File.WriteAllBytes(path, file);
            try
            {
                read(path);
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name} escaped for the bytes {Convert.ToHexString(file)}: {e}");
            }
        }

        Assert.True(rejected > Cases / 2, $"only {rejected} of {Cases} mutations were rejected; the mutations are too mild");
    }

    // One to three of: flip a byte, overwrite a header int with an edge value, truncate, or append bytes.
    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        for (int mutations = random.Next(1, 4); mutations > 0 && bytes.Length > 0; mutations--)
        {
            switch (random.Next(4))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                    break;
                case 1 when bytes.Length >= 16:
                    int[] edges = [0, 1, -1, int.MaxValue, int.MinValue, 0x803, 0x801, random.Next()];
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 * random.Next(4)), edges[random.Next(edges.Length)]);
                    break;
                case 2:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    var extra = new byte[random.Next(1, 8)];
                    random.NextBytes(extra);
                    bytes = IdxBytes.Concat(bytes, extra);
                    break;
            }
        }

        return bytes;
    }
}
