using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Compiled.Samples.Mnist;

namespace Compiled.Samples.Tests;

/// <summary>The images <c>predict</c> reads: PGM (P2, P5) and PNG decoded with the base library, then made to look like MNIST.</summary>
public sealed class ImageFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compiled-images-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // ---- PGM ----

    [Fact]
    public void A_text_PGM_with_comments_is_read_and_scaled_to_255()
    {
        GrayImage image = Pgm.Read(Encoding.ASCII.GetBytes("P2\n# a comment\n3 2 # width and height\n15\n0 5 10\n15 0 3\n"));

        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(new byte[] { 0, 85, 170, 255, 0, 51 }, image.Pixels);
    }

    [Fact]
    public void A_binary_PGM_of_one_and_two_bytes_per_pixel_is_read()
    {
        byte[] eight = [.. Encoding.ASCII.GetBytes("P5 2 2 255\n"), 0, 64, 128, 255];
        byte[] sixteen = [.. Encoding.ASCII.GetBytes("P5 2 1 65535\n"), 0x00, 0x00, 0xFF, 0xFF];

        Assert.Equal(new byte[] { 0, 64, 128, 255 }, Pgm.Read(eight).Pixels);
        Assert.Equal(new byte[] { 0, 255 }, Pgm.Read(sixteen).Pixels);
    }

    [Theory]
    [InlineData("P5 4 4 255\n\u0001\u0002", "PGM data is truncated: 4 x 4 pixels need 16 bytes, the file holds 2.")]
    [InlineData("P2 2 2 255 1 2 3", "PGM ends before its pixel 3.")]
    [InlineData("P2 2 x 255", "PGM height 'x' is not a whole number from 1 to 2147483647.")]
    [InlineData("P2 1 1 9 10", "PGM pixel 0 '10' is not a whole number from 0 to 9.")]
    [InlineData("P2 100000 100000 255", "PGM of 100000 x 100000 pixels is larger than the 16,777,216 pixels accepted.")]
    public void A_malformed_PGM_says_what_is_wrong(string file, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Pgm.Read(Encoding.Latin1.GetBytes(file)));

        Assert.Equal(message, error.Message);
    }

    // ---- PNG ----

    [Fact]
    public void An_8_bit_gray_PNG_with_every_filter_type_is_decoded()
    {
        // 5 rows of 4 pixels; row y stored with filter type y (None, Sub, Up, Average, Paeth).
        byte[,] pixels = { { 0, 10, 20, 30 }, { 40, 35, 30, 200 }, { 1, 2, 3, 4 }, { 255, 128, 64, 32 }, { 9, 99, 199, 249 } };
        byte[] png = PngFile(4, 5, colorType: 0, bitDepth: 8, Filtered(pixels, bytesPerPixel: 1));

        GrayImage image = Png.Read(png);

        Assert.Equal((4, 5), (image.Width, image.Height));
        Assert.Equal(pixels.Cast<byte>().ToArray(), image.Pixels);
    }

    [Fact]
    public void An_RGBA_PNG_is_turned_to_gray_with_transparency_over_white()
    {
        // Red, green, blue, opaque; then black half transparent and fully transparent.
        byte[] row0 = [0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255];
        byte[] row1 = [0, 0, 0, 0, 128, 0, 0, 0, 0, 10, 20, 30, 255];
        byte[] png = PngFile(3, 2, colorType: 6, bitDepth: 8, [.. row0, .. row1]);

        GrayImage image = Png.Read(png);

        Assert.Equal(new byte[] { 76, 150, 29, 127, 255, 18 }, image.Pixels);
    }

    [Fact]
    public void A_1_bit_gray_PNG_and_a_palette_PNG_are_decoded()
    {
        byte[] oneBit = PngFile(10, 1, colorType: 0, bitDepth: 1, [0, 0b1010_0000, 0b1100_0000]);
        byte[] palette = PngFile(2, 1, colorType: 3, bitDepth: 8, [0, 1, 0], palette: [0, 0, 0, 255, 255, 255]);

        Assert.Equal(new byte[] { 255, 0, 255, 0, 0, 0, 0, 0, 255, 255 }, Png.Read(oneBit).Pixels);
        Assert.Equal(new byte[] { 255, 0 }, Png.Read(palette).Pixels);
    }

    [Fact]
    public void An_interlaced_PNG_is_refused_with_the_reason()
    {
        byte[] png = PngFile(1, 1, colorType: 0, bitDepth: 8, [0, 0], interlaced: true);

        var error = Assert.Throws<InvalidDataException>(() => Png.Read(png));

        Assert.Equal("PNG is interlaced (Adam7), which this reader does not support; save it without interlacing.", error.Message);
    }

    [Fact]
    public void A_PNG_with_too_little_pixel_data_is_refused()
    {
        byte[] png = PngFile(4, 4, colorType: 0, bitDepth: 8, [0, 1, 2, 3, 4]);

        var error = Assert.Throws<InvalidDataException>(() => Png.Read(png));

        Assert.Equal("PNG pixel data is truncated: 4 x 4 pixels need 20 bytes inflated.", error.Message);
    }

    // ---- To MNIST's look ----

    [Fact]
    public void A_dark_digit_on_white_is_inverted_and_scaled_to_28_by_28()
    {
        var pixels = Enumerable.Repeat((byte)255, 56 * 56).ToArray();
        for (int y = 10; y < 46; y++)
        {
            pixels[y * 56 + 28] = 0; // A vertical stroke, black on white, as a person draws a 1.
        }

        GrayImage mnist = new GrayImage(56, 56, pixels).ToMnistStyle();

        Assert.Equal((28, 28), (mnist.Width, mnist.Height));
        Assert.Equal(0, mnist.Pixels[0]);                       // The white background is now black.
        Assert.Equal(128, mnist.Pixels[14 * 28 + 14]);          // Half of each 2x2 block under the stroke is ink.
        Assert.Equal(0, mnist.Pixels[14 * 28 + 13]);
    }

    [Fact]
    public void An_image_file_is_told_apart_by_its_first_bytes()
    {
        string pgm = Path.Combine(_directory, "digit.png"); // The name does not matter, the content does.
        File.WriteAllBytes(pgm, Encoding.ASCII.GetBytes("P2 1 1 255 7"));
        string other = Path.Combine(_directory, "digit.jpg");
        File.WriteAllBytes(other, [0xFF, 0xD8, 0xFF]);

        Assert.Equal(new byte[] { 7 }, GrayImage.Read(pgm).Pixels);
        var error = Assert.Throws<InvalidDataException>(() => GrayImage.Read(other));
        Assert.Equal($"{other}: not a PGM (P2 or P5) or PNG image.", error.Message);
    }

    // ---- Building test files ----

    // Each row stored with filter type (row index mod 5), as an encoder might choose them.
    private static byte[] Filtered(byte[,] pixels, int bytesPerPixel)
    {
        int height = pixels.GetLength(0), width = pixels.GetLength(1);
        var raw = new List<byte>();
        for (int y = 0; y < height; y++)
        {
            int filter = y % 5;
            raw.Add((byte)filter);
            for (int x = 0; x < width; x++)
            {
                int a = x >= bytesPerPixel ? pixels[y, x - bytesPerPixel] : 0;
                int b = y > 0 ? pixels[y - 1, x] : 0;
                int c = x >= bytesPerPixel && y > 0 ? pixels[y - 1, x - bytesPerPixel] : 0;
                int prediction = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => PaethReference(a, b, c),
                };
                raw.Add((byte)(pixels[y, x] - prediction));
            }
        }

        return [.. raw];
    }

    // The PNG specification's predictor, written out as it states it.
    private static int PaethReference(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }

    // A PNG file: the signature, IHDR, PLTE if given, one IDAT of the zlib-compressed scanlines, IEND (CRCs zero: not checked).
    private static byte[] PngFile(int width, int height, byte colorType, byte bitDepth, byte[] scanlines, byte[]? palette = null, bool interlaced = false)
    {
        var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        header[12] = (byte)(interlaced ? 1 : 0);
        Chunk(file, "IHDR", header);
        if (palette is not null)
        {
            Chunk(file, "PLTE", palette);
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(scanlines);
        }

        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        file.Write(Encoding.ASCII.GetBytes(type));
        file.Write(data);
        file.Write(new byte[4]);
    }
}
