using Compiled.Samples.LinearRegression;
using Compiled.Samples.Plotting;
using Compiled.Training;

namespace Compiled.Samples.Tests;

/// <summary>samples/LinearRegression: gradient descent on one linear unit finds the line, and the plot is a real PNG.</summary>
public sealed class LinearRegressionSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compiled-plots-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Gradient_descent_fits_a_and_b_within_0_2_of_the_truth_and_lands_on_the_least_squares_line(ulong seed)
    {
        LinePoints points = LineFitting.MakePoints(Lessons.Points, Lessons.TrueA, Lessons.TrueB, Lessons.Noise, seed);
        var line = new Line(maxBatch: Lessons.Points);
        var history = new TrainingHistory();

        int steps = LineFitting.Descend(line, points, new Sgd(Lessons.LearningRate), history, Lessons.MaxSteps, Lessons.Tolerance);

        (double a, double b) = LineFitting.Coefficients(line);
        (double bestA, double bestB) = LineFitting.LeastSquares(points);
        Assert.True(steps < Lessons.MaxSteps, "gradient descent converged");
        Assert.Equal(steps + 1, history.Epochs); // The starting line, then one entry per step.
        Assert.InRange(a, Lessons.TrueA - 0.2, Lessons.TrueA + 0.2);
        Assert.InRange(b, Lessons.TrueB - 0.2, Lessons.TrueB + 0.2);
        Assert.Equal(bestA, a, 1e-3);
        Assert.Equal(bestB, b, 1e-3);
        Assert.True(history.Loss[^1] < history.Loss[0] / 10);
    }

    [Fact]
    public void After_the_tutorials_50_steps_the_slope_is_far_ahead_of_the_intercept()
    {
        LinePoints points = LineFitting.MakePoints(Lessons.Points, Lessons.TrueA, Lessons.TrueB, Lessons.Noise, seed: 0);
        var line = new Line(maxBatch: Lessons.Points);
        var history = new TrainingHistory();

        Assert.Equal(50, LineFitting.Descend(line, points, new Sgd(Lessons.LearningRate), history, Lessons.TutorialSteps));

        (double a, double b) = LineFitting.Coefficients(line);
        (double bestA, double bestB) = LineFitting.LeastSquares(points);
        Assert.Equal(51, history.Epochs);
        Assert.Equal([0.0, 0.0], [history.Metric("a")[0], history.Metric("b")[0]]); // Init.Zeros
        Assert.InRange(a / bestA, 0.5, 0.95);
        Assert.InRange(b / bestB, 0.0, 0.3);
    }

    [Fact]
    public void The_sample_prints_the_fit_and_writes_its_plot()
    {
        var output = new StringWriter();
        string plot = Path.Combine(_directory, "line-fit.png");

        Line line = Lessons.Run(output, plot);

        string text = output.ToString();
        Assert.Contains("After the tutorial's 50 steps: a = 1.526, b = 0.138.", text);
        Assert.Matches(@"Converged after [\d,]+ steps: a = 1\.99\d, b = 0\.9\d\d\.", text);
        Assert.Contains($"Plot: {plot}", text);
        Assert.InRange(line.Parameters[0], 1.8f, 2.2f);
        PlotFiles.AssertPlot(plot, 1200, 450);
    }

    [Fact]
    public void The_line_fit_plot_has_the_size_asked_for()
    {
        LinePoints points = LineFitting.MakePoints(10, 1, 0, 0.1, seed: 3);
        var history = new TrainingHistory();
        LineFitting.Descend(new Line(), points, new Sgd(0.01f), history, 20);
        string plot = Path.Combine(_directory, "not", "yet", "small.png"); // Its directory is created.

        LineFitPlot.SavePng(points.X, points.Y, (1, 0), (1, 0), history, plot, width: 640, height: 300);

        PlotFiles.AssertPlot(plot, 640, 300);
    }

    [Fact]
    public void Training_curves_of_any_run_plot_with_a_panel_per_metric()
    {
        var history = new TrainingHistory();
        for (int epoch = 1; epoch <= 12; epoch++)
        {
            history.Add(1.0 / epoch, new Dictionary<string, double> { ["accuracy"] = 1 - 0.5 / epoch }, validationLoss: 1.2 / epoch);
        }

        string plot = Path.Combine(_directory, "curves.png");

        TrainingPlot.SavePng(history, plot, "a run", width: 900, height: 320);

        PlotFiles.AssertPlot(plot, 900, 320);
        Assert.Throws<ArgumentException>(() => TrainingPlot.SavePng(new TrainingHistory(), plot, "empty"));
        Assert.Equal("width", Assert.Throws<ArgumentException>(() => TrainingPlot.SavePng(history, plot, "tiny", width: 10)).ParamName);
    }
}
