using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Compiled.Data;

/// <summary>
/// Reads the IDX files of MNIST-style data sets (LeCun et al.): a big-endian header followed by the raw bytes of an
/// n-dimensional array of unsigned bytes. Files may be raw or gzip-compressed; the format is recognized by the gzip
/// magic bytes 0x1f 0x8b, not by the file's extension.
/// </summary>
/// <remarks>
/// <para>
/// The header is the magic number <c>0x00 0x00 type dimensions</c> (type 0x08 = unsigned byte), then one big-endian
/// int32 per dimension. Images are 3-dimensional <c>[count, rows, columns]</c> (<see cref="ImagesMagic"/>), labels
/// 1-dimensional <c>[count]</c> (<see cref="LabelsMagic"/>).
/// </para>
/// <para>
/// Validation is strict and every failure is an <see cref="InvalidDataException"/> whose message names the file and
/// the problem. Memory is never allocated on the header's word alone: a raw file's header is checked against the
/// file's length before the array is allocated, and a gzip file is decompressed in chunks into an array that grows
/// only as data actually arrives, so a forged header costs at most twice the bytes the file really holds.
/// </para>
/// </remarks>
public static class Idx
{
    /// <summary>The magic number of an images file: unsigned bytes (0x08), 3 dimensions [count, rows, columns].</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of a labels file: unsigned bytes (0x08), 1 dimension [count].</summary>
    public const int LabelsMagic = 0x00000801;

    // Decompressed data is read into an array that starts at this size and doubles up to the size the header declares.
    private const int FirstChunk = 1 << 16;

    /// <summary>Reads an images file (raw or gzip-compressed).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The images with their pixels as stored: row-major [count, rows, columns], 0 = background.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid images file: wrong magic number, a dimension that is not positive, an array too large
    /// for one .NET array, a file shorter or longer than its header declares, or corrupt gzip data.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public static IdxImages ReadImages(string path)
    {
        (int[] dimensions, byte[] body) = Read(path, ImagesMagic);
        return new IdxImages(dimensions[0], dimensions[1], dimensions[2], body);
    }

    /// <summary>Reads a labels file (raw or gzip-compressed).</summary>
    /// <param name="path">The file.</param>
    /// <returns>One label per sample, as stored.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid labels file: wrong magic number, a count that is not positive, a file shorter or
    /// longer than its header declares, or corrupt gzip data.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic).Body;

    private static (int[] Dimensions, byte[] Body) Read(string path, int expectedMagic)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        bool gzip = StartsWithGzipMagic(file);
        using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;

        int rank = expectedMagic & 0xFF;
        int headerLength = 4 + 4 * rank;
        Span<byte> header = stackalloc byte[headerLength];
        int headerRead = ReadAtMost(content, header, path);
        if (headerRead >= 4)
        {
            // The magic number first: a file of the wrong kind says so, even when it is shorter than the header.
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != expectedMagic)
            {
                throw Invalid(path, $"magic number 0x{magic:X8} where an IDX {KindOf(expectedMagic)} file has 0x{expectedMagic:X8}{Hint(magic)}");
            }
        }

        if (headerRead < headerLength)
        {
            string data = gzip ? "the decompressed data" : "the file";
            throw Invalid(path, headerRead == 0
                ? $"{data} is empty"
                : $"{data} ends after {headerRead} bytes, inside its {headerLength}-byte header");
        }

        var dimensions = new int[rank];
        long bodyLength = 1;
        for (int d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * d)..]);
            if (dimensions[d] <= 0)
            {
                throw Invalid(path, $"the header declares {DimensionName(expectedMagic, d)} = {dimensions[d]}; every dimension must be positive");
            }

            // Each factor is below 2^31 and the running product stays at most Array.MaxLength, so this cannot overflow.
            bodyLength *= dimensions[d];
            if (bodyLength > Array.MaxLength)
            {
                throw Invalid(path, $"the header declares {Describe(expectedMagic, dimensions[..(d + 1)])}, more bytes than one array can hold");
            }
        }

        string declared = $"{Describe(expectedMagic, dimensions)} ({bodyLength} bytes)";
        byte[] body = gzip
            ? ReadDecompressed(content, (int)bodyLength, path, declared)
            : ReadRaw(file, headerLength, (int)bodyLength, path, declared);
        return (dimensions, body);
    }

    private static bool StartsWithGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    // A raw file's length is known, so the header's promise is checked before anything is allocated.
    private static byte[] ReadRaw(FileStream file, int headerLength, int bodyLength, string path, string declared)
    {
        long available = file.Length - headerLength;
        if (available < bodyLength)
        {
            throw Invalid(path, $"the header declares {declared} but only {available} bytes follow it; the file is truncated or its header is wrong");
        }

        if (available > bodyLength)
        {
            throw Invalid(path, $"the header declares {declared} but {available} bytes follow it ({available - bodyLength} unexpected trailing bytes)");
        }

        var body = new byte[bodyLength];
        int read = ReadAtMost(file, body, path);
        if (read < bodyLength)
        {
            throw Invalid(path, $"the file ended after {read} of the {bodyLength} bytes its header declares (was it truncated while being read?)");
        }

        return body;
    }

    // The decompressed length is unknown until the stream ends, so the array grows (doubling, capped at the declared
    // length) only as data arrives: a header that promises gigabytes over a small stream fails after a few chunks.
    private static byte[] ReadDecompressed(Stream content, int bodyLength, string path, string declared)
    {
        var body = new byte[Math.Min(bodyLength, FirstChunk)];
        int filled = 0;
        while (filled < bodyLength)
        {
            if (filled == body.Length)
            {
                Array.Resize(ref body, (int)Math.Min(bodyLength, 2L * body.Length));
            }

            int read = ReadAtMost(content, body.AsSpan(filled), path);
            if (read == 0)
            {
                throw Invalid(path, $"the decompressed data ends after {filled} of the {bodyLength} bytes its header declares ({declared}); the file is truncated or its header is wrong");
            }

            filled += read;
        }

        Span<byte> probe = stackalloc byte[1];
        if (ReadAtMost(content, probe, path) != 0)
        {
            throw Invalid(path, $"the decompressed data continues after the {declared} its header declares (unexpected trailing data)");
        }

        return body;
    }

    // Reads until the span is full or the stream ends; corrupt gzip data becomes an error that names the file.
    private static int ReadAtMost(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(path, $"the gzip data is corrupt ({e.Message})", e);
        }
    }

    private static string KindOf(int magic) => magic == ImagesMagic ? "images" : "labels";

    private static string Hint(int magic) => magic switch
    {
        ImagesMagic => " (this is an images file)",
        LabelsMagic => " (this is a labels file)",
        _ => "",
    };

    private static string DimensionName(int magic, int dimension) =>
        magic == ImagesMagic ? (dimension switch { 0 => "count", 1 => "rows", _ => "columns" }) : "count";

    private static string Describe(int magic, ReadOnlySpan<int> dimensions) => (magic, dimensions.Length) switch
    {
        (ImagesMagic, 3) => $"{dimensions[0]} images of {dimensions[1]}x{dimensions[2]} pixels",
        (ImagesMagic, 2) => $"{dimensions[0]} images of {dimensions[1]} rows",
        (ImagesMagic, _) => $"{dimensions[0]} images",
        _ => $"{dimensions[0]} labels",
    };

    private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
        new($"IDX file '{path}': {problem}.", inner);
}
