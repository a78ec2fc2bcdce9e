using Compiled.Training;
using ScottPlot;

namespace Compiled.Samples.Plotting;

/// <summary>
/// Training curves as a PNG: the loss per epoch in the first panel, then one panel per metric (accuracy, ...), each with
/// its validation values beside the training ones when the run recorded them.
/// </summary>
public static class TrainingPlot
{
    /// <summary>Writes the curves of <paramref name="history"/> to <paramref name="path"/>, a PNG of <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    /// <param name="history">At least one epoch.</param>
    /// <param name="path">The PNG to write or replace; its directory is created if missing.</param>
    /// <param name="title">The run, over the loss panel.</param>
    /// <param name="width">Pixels across the whole image (the panels share it).</param>
    /// <param name="height">Pixels down.</param>
    /// <exception cref="ArgumentException">The history is empty, or the size is below 100 by 100.</exception>
    public static void SavePng(TrainingHistory history, string path, string title, int width = 1200, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Check(width, height);
        if (history.Epochs == 0)
        {
            throw new ArgumentException("The history has no epochs to plot.", nameof(history));
        }

        var plots = new List<Plot> { LossPanel(history, title) };
        foreach (string name in history.MetricNames.Union(history.ValidationMetricNames))
        {
            plots.Add(MetricPanel(history, name));
        }

        Save(plots, path, width, height);
    }

    /// <summary>
    /// A panel of the loss per epoch (and the validation loss, if recorded), epochs numbered from <paramref name="first"/>
    /// and called <paramref name="epochName"/> on the axis.
    /// </summary>
    internal static Plot LossPanel(TrainingHistory history, string title, string epochName = "epoch", int first = 1)
    {
        var plot = new Plot();
        double[] epochs = Epochs(history, first);
        AddCurve(plot, epochs, history.Loss, "training loss");
        if (history.ValidationLoss is { } validation)
        {
            AddCurve(plot, epochs, validation, "validation loss");
        }

        plot.Title(title);
        plot.XLabel(epochName);
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Lays <paramref name="plots"/> side by side in one PNG, creating its directory if need be.</summary>
    internal static void Save(IReadOnlyList<Plot> plots, string path, int width, int height)
    {
        Check(width, height);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var figure = new Multiplot(plots[0]); // A Multiplot made empty would start with a blank plot of its own.
        foreach (Plot plot in plots.Skip(1))
        {
            figure.AddPlot(plot);
        }

        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        figure.SavePng(path, width, height);
    }

    private static Plot MetricPanel(TrainingHistory history, string name)
    {
        var plot = new Plot();
        double[] epochs = Epochs(history);
        if (history.MetricNames.Contains(name))
        {
            AddCurve(plot, epochs, history.Metric(name), "training " + name);
        }

        if (history.ValidationMetricNames.Contains(name))
        {
            AddCurve(plot, epochs, history.ValidationMetric(name), "validation " + name);
        }

        plot.Title(name);
        plot.XLabel("epoch");
        plot.YLabel(name);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static void AddCurve(Plot plot, double[] epochs, IReadOnlyList<double> values, string label)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // Epochs are whole.
        var curve = plot.Add.Scatter(epochs, values.ToArray());
        curve.LegendText = label;
        curve.LineWidth = 2;
        curve.MarkerSize = epochs.Length <= 30 ? 6 : 0; // Markers while they can be told apart.
    }

    private static double[] Epochs(TrainingHistory history, int first = 1) =>
        Enumerable.Range(first, history.Epochs).Select(e => (double)e).ToArray();

    private static void Check(int width, int height)
    {
        if (width < 100 || height < 100)
        {
            throw new ArgumentException($"A plot needs at least 100 x 100 pixels; got {width} x {height}.", width < 100 ? nameof(width) : nameof(height));
        }
    }
}
