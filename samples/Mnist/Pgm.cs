using System.Text;

namespace Compiled.Samples.Mnist;

/// <summary>
/// Reads Netpbm grayscale images: <c>P2</c> (numbers in text) and <c>P5</c> (binary). The header is the magic, the
/// width, the height and the largest value, separated by whitespace, with <c>#</c> comments to the end of a line; a P5
/// header ends with one whitespace byte, then one byte per pixel (two, big-endian, when the largest value passes 255).
/// </summary>
internal static class Pgm
{
    /// <summary>Decodes a whole PGM file; pixel values are scaled to 0..255.</summary>
    /// <exception cref="InvalidDataException">The file is malformed or truncated.</exception>
    public static GrayImage Read(byte[] file)
    {
        int position = 0;
        string magic = Token(file, ref position);
        if (magic is not ("P2" or "P5"))
        {
            throw new InvalidDataException($"PGM magic '{magic}' is neither P2 nor P5.");
        }

        int width = Number(file, ref position, "width", 1, int.MaxValue);
        int height = Number(file, ref position, "height", 1, int.MaxValue);
        int maxValue = Number(file, ref position, "maximum value", 1, 65535);
        if ((long)width * height > GrayImage.MaxPixels)
        {
            throw new InvalidDataException($"PGM of {width} x {height} pixels is larger than the {GrayImage.MaxPixels:N0} pixels accepted.");
        }

        var pixels = new byte[width * height];
        if (magic == "P2")
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = Scale(Number(file, ref position, $"pixel {i}", 0, maxValue), maxValue);
            }

            return new GrayImage(width, height, pixels);
        }

        position++; // The single whitespace byte after the maximum value.
        int bytesPerPixel = maxValue > 255 ? 2 : 1;
        long needed = (long)pixels.Length * bytesPerPixel;
        if (file.Length - position < needed)
        {
            throw new InvalidDataException($"PGM data is truncated: {width} x {height} pixels need {needed:N0} bytes, the file holds {Math.Max(0, file.Length - position):N0}.");
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            int value = bytesPerPixel == 1 ? file[position + i] : (file[position + 2 * i] << 8) | file[position + 2 * i + 1];
            if (value > maxValue)
            {
                throw new InvalidDataException($"PGM pixel {i} is {value}, above the maximum value {maxValue}.");
            }

            pixels[i] = Scale(value, maxValue);
        }

        return new GrayImage(width, height, pixels);
    }

    private static byte Scale(int value, int maxValue) => (byte)((value * 255 + maxValue / 2) / maxValue);

    private static int Number(byte[] file, ref int position, string what, int min, int max)
    {
        string token = Token(file, ref position);
        if (!int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new InvalidDataException(token.Length == 0
                ? $"PGM ends before its {what}."
                : $"PGM {what} '{token}' is not a whole number from {min} to {max}.");
        }

        return value;
    }

    // The next whitespace-separated token, skipping comments; empty at the end of the file.
    private static string Token(byte[] file, ref int position)
    {
        while (position < file.Length)
        {
            if (file[position] == '#')
            {
                while (position < file.Length && file[position] != '\n' && file[position] != '\r')
                {
                    position++;
                }
            }
            else if (IsWhitespace(file[position]))
            {
                position++;
            }
            else
            {
                break;
            }
        }

        int start = position;
        while (position < file.Length && !IsWhitespace(file[position]) && file[position] != '#' && position - start < 16)
        {
            position++;
        }

        return Encoding.ASCII.GetString(file, start, position - start);
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}
