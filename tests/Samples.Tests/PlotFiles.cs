using Compiled.Samples.Mnist;

namespace Compiled.Samples.Tests;

/// <summary>Checks on the PNGs the samples write, read back with the Mnist sample's own PNG decoder.</summary>
internal static class PlotFiles
{
    /// <summary>
    /// The file is a whole PNG (every chunk and the zlib stream decode) of <paramref name="width"/> by
    /// <paramref name="height"/> pixels, with something drawn on it: not one flat color.
    /// </summary>
    public static void AssertPlot(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"No file at {path}.");
        GrayImage image = Png.Read(File.ReadAllBytes(path));
        Assert.Equal((width, height), (image.Width, image.Height));
        int dark = image.Pixels.Count(p => p < 128);
        Assert.InRange(dark, image.Pixels.Length / 1000, image.Pixels.Length / 2); // Lines and text, on a light background.
    }
}
