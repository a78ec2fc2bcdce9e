using System.Buffers.Binary;
using System.IO.Compression;

namespace Compiled.Samples.Mnist;

/// <summary>
/// Decodes PNG images to grayscale with the base library alone (its <see cref="ZLibStream"/> inflates the pixel data):
/// every color type (gray, RGB, palette, each with or without alpha) at every bit depth, not interlaced. Color is turned
/// to gray by the ITU-R BT.601 luma weights; transparent pixels are laid over white, as a viewer shows them.
/// </summary>
/// <remarks>
/// A file is a signature, then chunks (length, type, data, CRC): <c>IHDR</c> (size and format), <c>PLTE</c> (the
/// palette), <c>tRNS</c> (palette transparency), <c>IDAT</c> (zlib data of filtered scanlines, each prefixed by its
/// filter type), <c>IEND</c>. Chunk CRCs are not checked (zlib's Adler-32 covers the pixel data); ancillary chunks are
/// skipped. Interlaced (Adam7) images are refused with a message that says so.
/// </remarks>
internal static class Png
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="file"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> file) => file.StartsWith(Signature);

    /// <summary>Decodes a whole PNG file to grayscale.</summary>
    /// <exception cref="InvalidDataException">The file is malformed, truncated, interlaced or of an unknown format.</exception>
    public static GrayImage Read(byte[] file)
    {
        if (!IsPng(file))
        {
            throw new InvalidDataException("not a PNG file (wrong signature).");
        }

        Header? header = null;
        byte[]? palette = null, paletteAlpha = null;
        using var compressed = new MemoryStream();
        int position = Signature.Length;
        while (true)
        {
            if (file.Length - position < 12)
            {
                throw new InvalidDataException("PNG is truncated: it ends before its IEND chunk.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(position));
            string type = System.Text.Encoding.ASCII.GetString(file, position + 4, 4);
            if (length > int.MaxValue || file.Length - position - 12 < length)
            {
                throw new InvalidDataException($"PNG chunk {type} declares {length:N0} bytes, more than the file holds.");
            }

            var data = file.AsSpan(position + 8, (int)length);
            position += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    header = Header.Parse(data);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    paletteAlpha = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    if (header is null)
                    {
                        throw new InvalidDataException("PNG has no IHDR chunk.");
                    }

                    return Decode(header, compressed.ToArray(), palette, paletteAlpha);
                default:
                    if (header is null)
                    {
                        throw new InvalidDataException($"PNG starts with chunk {type}, not IHDR.");
                    }

                    if (char.IsUpper(type[0]))
                    {
                        throw new InvalidDataException($"PNG has a critical chunk this reader does not know: {type}.");
                    }

                    break; // An ancillary chunk (gAMA, pHYs, tEXt, ...): nothing a digit needs.
            }
        }
    }

    private static GrayImage Decode(Header header, byte[] compressed, byte[]? palette, byte[]? paletteAlpha)
    {
        int stride = header.Stride;
        long rawLength = (long)(stride + 1) * header.Height;
        var raw = new byte[rawLength];
        using (var inflate = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            try
            {
                inflate.ReadExactly(raw);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"PNG pixel data is truncated: {header.Width} x {header.Height} pixels need {rawLength:N0} bytes inflated.");
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"PNG pixel data is not valid zlib data: {e.Message}", e);
            }
        }

        Unfilter(raw, stride, header.Height, header.BytesPerPixel);
        if (header.ColorType == ColorType.Palette && palette is null)
        {
            throw new InvalidDataException("PNG of palette colors has no PLTE chunk.");
        }

        var pixels = new byte[header.Width * header.Height];
        for (int y = 0; y < header.Height; y++)
        {
            ReadOnlySpan<byte> line = raw.AsSpan(y * (stride + 1) + 1, stride);
            for (int x = 0; x < header.Width; x++)
            {
                pixels[y * header.Width + x] = GrayAt(header, line, x, palette, paletteAlpha);
            }
        }

        return new GrayImage(header.Width, header.Height, pixels);
    }

    // Reverses the per-scanline filters in place (PNG specification, section 9): each byte was stored as its
    // difference from a prediction made from the byte to its left (a), above (b) and above-left (c).
    private static void Unfilter(byte[] raw, int stride, int height, int bytesPerPixel)
    {
        for (int y = 0; y < height; y++)
        {
            int start = y * (stride + 1);
            byte filter = raw[start];
            Span<byte> line = raw.AsSpan(start + 1, stride);
            ReadOnlySpan<byte> above = y == 0 ? default : raw.AsSpan(start - stride, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0;
                int b = y > 0 ? above[i] : 0;
                int c = y > 0 && i >= bytesPerPixel ? above[i - bytesPerPixel] : 0;
                int prediction = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG scanline {y} has filter type {filter}; only 0 to 4 exist."),
                };
                line[i] = (byte)(line[i] + prediction);
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    // One pixel as gray 0..255, alpha laid over white.
    private static byte GrayAt(Header header, ReadOnlySpan<byte> line, int x, byte[]? palette, byte[]? paletteAlpha)
    {
        int gray, alpha = 255;
        switch (header.ColorType)
        {
            case ColorType.Gray:
                gray = Sample(header, line, x, 0);
                break;
            case ColorType.GrayAlpha:
                gray = Sample(header, line, x, 0);
                alpha = Sample(header, line, x, 1);
                break;
            case ColorType.Rgb:
                gray = Luma(Sample(header, line, x, 0), Sample(header, line, x, 1), Sample(header, line, x, 2));
                break;
            case ColorType.Rgba:
                gray = Luma(Sample(header, line, x, 0), Sample(header, line, x, 1), Sample(header, line, x, 2));
                alpha = Sample(header, line, x, 3);
                break;
            default:
                int entry = Sample(header, line, x, 0);
                if (3 * entry + 2 >= palette!.Length)
                {
                    throw new InvalidDataException($"PNG pixel uses palette entry {entry}, but the palette has {palette.Length / 3}.");
                }

                gray = Luma(palette[3 * entry], palette[3 * entry + 1], palette[3 * entry + 2]);
                alpha = paletteAlpha is not null && entry < paletteAlpha.Length ? paletteAlpha[entry] : 255;
                break;
        }

        return (byte)((gray * alpha + 255 * (255 - alpha) + 127) / 255);
    }

    // One channel of one pixel: 8 bits as they are; 16 bits by their high byte; 1, 2 or 4 bits scaled to 0..255, or as
    // they are for a palette index. Samples of fewer than 8 bits are packed from the most significant bit down.
    private static int Sample(Header header, ReadOnlySpan<byte> line, int x, int channel)
    {
        int depth = header.BitDepth;
        int index = x * header.Channels + channel;
        if (depth == 16)
        {
            return line[2 * index];
        }

        if (depth == 8)
        {
            return line[index];
        }

        int bit = index * depth;
        int value = (line[bit / 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1);
        return header.ColorType == ColorType.Palette ? value : value * 255 / ((1 << depth) - 1);
    }

    private static int Luma(int r, int g, int b) => (299 * r + 587 * g + 114 * b + 500) / 1000;

    private enum ColorType : byte
    {
        Gray = 0,
        Rgb = 2,
        Palette = 3,
        GrayAlpha = 4,
        Rgba = 6,
    }

    private sealed record Header(int Width, int Height, int BitDepth, ColorType ColorType)
    {
        public int Channels => ColorType switch
        {
            ColorType.Rgb => 3,
            ColorType.GrayAlpha => 2,
            ColorType.Rgba => 4,
            _ => 1,
        };

        // Bytes per scanline, without its filter byte.
        public int Stride => (int)(((long)Width * Channels * BitDepth + 7) / 8);

        // The distance, in bytes, to the corresponding byte of the pixel to the left (at least 1).
        public int BytesPerPixel => Math.Max(1, Channels * BitDepth / 8);

        public static Header Parse(ReadOnlySpan<byte> data)
        {
            if (data.Length != 13)
            {
                throw new InvalidDataException($"PNG IHDR chunk has {data.Length} bytes, not 13.");
            }

            int width = BinaryPrimitives.ReadInt32BigEndian(data);
            int height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
            int depth = data[8];
            var color = (ColorType)data[9];
            if (width <= 0 || height <= 0 || (long)width * height > GrayImage.MaxPixels)
            {
                throw new InvalidDataException($"PNG of {width} x {height} pixels: each side must be positive and the image at most {GrayImage.MaxPixels:N0} pixels.");
            }

            bool valid = color switch
            {
                ColorType.Gray => depth is 1 or 2 or 4 or 8 or 16,
                ColorType.Palette => depth is 1 or 2 or 4 or 8,
                ColorType.Rgb or ColorType.GrayAlpha or ColorType.Rgba => depth is 8 or 16,
                _ => false,
            };
            if (!valid)
            {
                throw new InvalidDataException($"PNG color type {(int)color} with bit depth {depth} is not a valid combination.");
            }

            if (data[10] != 0 || data[11] != 0)
            {
                throw new InvalidDataException($"PNG compression method {data[10]} or filter method {data[11]} is unknown (only 0 exists).");
            }

            if (data[12] != 0)
            {
                throw new InvalidDataException("PNG is interlaced (Adam7), which this reader does not support; save it without interlacing.");
            }

            return new Header(width, height, depth, color);
        }
    }
}
