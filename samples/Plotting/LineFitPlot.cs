using Compiled.Training;
using ScottPlot;

namespace Compiled.Samples.Plotting;

/// <summary>
/// The picture of a straight-line fit: the data points with the fitted line (and the true one, dashed) on the left, the
/// loss per step of gradient descent on the right.
/// </summary>
public static class LineFitPlot
{
    /// <summary>Writes the fit to <paramref name="path"/>, a PNG of <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    /// <param name="xs">The points' x.</param>
    /// <param name="ys">The points' y, one per x.</param>
    /// <param name="fitted">The learned line y = a x + b.</param>
    /// <param name="truth">The line the points were drawn around.</param>
    /// <param name="history">The loss of the line after 0, 1, 2, ... steps of gradient descent (entry k: after k steps).</param>
    /// <param name="path">The PNG to write or replace; its directory is created if missing.</param>
    /// <param name="width">Pixels across the whole image.</param>
    /// <param name="height">Pixels down.</param>
    /// <exception cref="ArgumentException">The point lists differ in length or are empty, or the history is empty.</exception>
    public static void SavePng(
        IReadOnlyList<float> xs,
        IReadOnlyList<float> ys,
        (double A, double B) fitted,
        (double A, double B) truth,
        TrainingHistory history,
        string path,
        int width = 1200,
        int height = 450)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(history);
        if (xs.Count == 0 || ys.Count != xs.Count)
        {
            throw new ArgumentException($"Expected one y per x and at least one point; got {xs.Count} x and {ys.Count} y.", nameof(ys));
        }

        if (history.Epochs == 0)
        {
            throw new ArgumentException("The history has no steps to plot.", nameof(history));
        }

        double[] x = xs.Select(v => (double)v).ToArray();
        double lo = x.Min(), hi = x.Max();
        var points = new Plot();
        var scatter = points.Add.ScatterPoints(x, ys.Select(v => (double)v).ToArray());
        scatter.LegendText = $"{xs.Count} points";
        scatter.MarkerSize = 7;
        var line = points.Add.Line(lo, fitted.A * lo + fitted.B, hi, fitted.A * hi + fitted.B);
        line.LegendText = $"fitted: y = {fitted.A:F3} x + {fitted.B:F3}";
        line.LineWidth = 3;
        var trueLine = points.Add.Line(lo, truth.A * lo + truth.B, hi, truth.A * hi + truth.B);
        trueLine.LegendText = $"true: y = {truth.A:0.###} x + {truth.B:0.###}";
        trueLine.LinePattern = LinePattern.Dashed;
        trueLine.LineWidth = 2;
        points.Title("y = a x + b");
        points.XLabel("x");
        points.YLabel("y");
        points.ShowLegend(Alignment.UpperLeft);

        Plot loss = TrainingPlot.LossPanel(history, $"mean squared error, {history.Epochs - 1:N0} steps", epochName: "step", first: 0);
        TrainingPlot.Save([points, loss], path, width, height);
    }
}
