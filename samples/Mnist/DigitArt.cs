using System.Text;

namespace Compiled.Samples.Mnist;

/// <summary>
/// Draws grayscale images in a terminal with block characters: each character stands for one column and two rows of
/// pixels, its shade the mean of the two, so a 28x28 image becomes 28 characters by 14 lines and keeps its shape.
/// </summary>
internal static class DigitArt
{
    // From background (0) to ink (255).
    private const string Shades = " ░▒▓█";

    /// <summary>The lines of one image, <paramref name="columns"/> characters each.</summary>
    /// <param name="pixels">Row-major [rows, columns], 0 = background.</param>
    /// <param name="rows">Rows of pixels.</param>
    /// <param name="columns">Columns of pixels.</param>
    public static string[] Render(ReadOnlySpan<byte> pixels, int rows, int columns)
    {
        var lines = new string[(rows + 1) / 2];
        var line = new StringBuilder(columns);
        for (int r = 0; r < rows; r += 2)
        {
            line.Clear();
            for (int c = 0; c < columns; c++)
            {
                int top = pixels[r * columns + c];
                int bottom = r + 1 < rows ? pixels[(r + 1) * columns + c] : 0;
                int mean = (top + bottom) / 2;
                line.Append(Shades[(mean * Shades.Length) / 256]);
            }

            lines[r / 2] = line.ToString();
        }

        return lines;
    }

    /// <summary>
    /// Lays out pictures side by side, each with its caption lines below, in rows of as many as fit in
    /// <paramref name="width"/> characters.
    /// </summary>
    public static IEnumerable<string> SideBySide(IReadOnlyList<(string[] Picture, string[] Caption)> items, int width)
    {
        const string Gap = "   ";
        int cellWidth = items.Max(item => Math.Max(item.Picture.Max(line => line.Length), item.Caption.Max(line => line.Length)));
        int perRow = Math.Max(1, (width + Gap.Length) / (cellWidth + Gap.Length));
        for (int first = 0; first < items.Count; first += perRow)
        {
            var row = items.Skip(first).Take(perRow).ToArray();
            int height = row.Max(item => item.Picture.Length + item.Caption.Length);
            for (int y = 0; y < height; y++)
            {
                IEnumerable<string> cells = row.Select(item =>
                {
                    string[] cell = [.. item.Picture, .. item.Caption];
                    return (y < cell.Length ? cell[y] : "").PadRight(cellWidth);
                });
                yield return string.Join(Gap, cells).TrimEnd();
            }

            if (first + perRow < items.Count)
            {
                yield return "";
            }
        }
    }
}
