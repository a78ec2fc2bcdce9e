namespace Compiled.Samples.Mnist;

/// <summary>A grayscale image, one byte per pixel, row-major; 0 is black.</summary>
internal sealed class GrayImage
{
    /// <summary>The most pixels an image file may declare: far more than a digit needs, far less than memory.</summary>
    public const long MaxPixels = 1L << 24;

    /// <summary>Wraps pixels.</summary>
    /// <exception cref="ArgumentException">The sizes and the pixel count disagree.</exception>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height)
        {
            throw new ArgumentException($"pixels must hold {width} x {height} bytes; got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major [height, width], 0 = black, 255 = white.</summary>
    public byte[] Pixels { get; }

    /// <summary>Reads a PGM (P2 or P5) or PNG file, told apart by their first bytes.</summary>
    /// <exception cref="InvalidDataException">The file is neither, or is malformed; the message says how.</exception>
    public static GrayImage Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            if (Png.IsPng(bytes))
            {
                return Png.Read(bytes);
            }

            if (bytes.Length >= 2 && bytes[0] == 'P' && (bytes[1] == '2' || bytes[1] == '5'))
            {
                return Pgm.Read(bytes);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        throw new InvalidDataException($"{path}: not a PGM (P2 or P5) or PNG image.");
    }

    /// <summary>
    /// The image as MNIST shows digits: a light figure on a dark background, 28x28. A dark-on-light image (judged by
    /// its border, which is background in a picture of one digit) is inverted; another size is scaled to 28x28, each
    /// new pixel the mean of the pixels it covers.
    /// </summary>
    public GrayImage ToMnistStyle(int size = 28)
    {
        GrayImage image = BorderMean() > 127 ? Inverted() : this;
        return image.Width == size && image.Height == size ? image : image.Resized(size, size);
    }

    /// <summary>Black and white swapped.</summary>
    public GrayImage Inverted() => new(Width, Height, Array.ConvertAll(Pixels, p => (byte)(255 - p)));

    /// <summary>
    /// Scaled to <paramref name="width"/> x <paramref name="height"/> by area averaging: each new pixel is the mean of the
    /// old pixels under it, weighted by how much of each it covers.
    /// </summary>
    public GrayImage Resized(int width, int height)
    {
        double scaleX = (double)Width / width, scaleY = (double)Height / height;
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            double top = y * scaleY, bottom = top + scaleY;
            for (int x = 0; x < width; x++)
            {
                double left = x * scaleX, right = left + scaleX;
                double sum = 0, area = 0;
                for (int sy = (int)top; sy < Math.Min(Height, (int)Math.Ceiling(bottom)); sy++)
                {
                    double h = Math.Min(bottom, sy + 1) - Math.Max(top, sy);
                    for (int sx = (int)left; sx < Math.Min(Width, (int)Math.Ceiling(right)); sx++)
                    {
                        double w = Math.Min(right, sx + 1) - Math.Max(left, sx);
                        sum += w * h * Pixels[sy * Width + sx];
                        area += w * h;
                    }
                }

                pixels[y * width + x] = (byte)Math.Clamp(Math.Round(sum / area), 0, 255);
            }
        }

        return new GrayImage(width, height, pixels);
    }

    private double BorderMean()
    {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < Width; x++)
        {
            sum += Pixels[x] + Pixels[(Height - 1) * Width + x];
            count += 2;
        }

        for (int y = 0; y < Height; y++)
        {
            sum += Pixels[y * Width] + Pixels[y * Width + Width - 1];
            count += 2;
        }

        return sum / count;
    }
}
