using Compiled.Samples.Plotting;
using Compiled.Training;

namespace Compiled.Samples.LinearRegression;

/// <summary>The sample's run, printed as the tutorial shows it: the line every few steps, the fitted a and b, and the plot.</summary>
internal static class Lessons
{
    /// <summary>The line the points are drawn around.</summary>
    public const double TrueA = 2, TrueB = 1;

    /// <summary>Points, and the standard deviation of their noise.</summary>
    public const int Points = 50;

    /// <inheritdoc cref="Points"/>
    public const double Noise = 0.5;

    /// <summary>The tutorial's gradient descent: learning rate 0.002, 50 steps.</summary>
    public const float LearningRate = 0.002f;

    /// <inheritdoc cref="LearningRate"/>
    public const int TutorialSteps = 50;

    /// <summary>"Converged": the gradient's length (over a and b) is below this.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>A bound on the steps after the tutorial's, should the gradient never get that small.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>Fits the line, writes the run to <paramref name="output"/> and the plot to <paramref name="plotPath"/>.</summary>
    /// <returns>The network, fitted.</returns>
    public static Line Run(TextWriter output, string plotPath, ulong seed = 0)
    {
        LinePoints points = LineFitting.MakePoints(Points, TrueA, TrueB, Noise, seed);
        output.WriteLine($"{Points} points around y = {TrueA} x + {TrueB} with Gaussian noise (standard deviation {Noise}), x uniform in [-5, 5).");
        output.WriteLine($"Model: one linear unit, y = a x + b ([Dense(1, Init = Init.Zeros)]: a = b = 0 at the start), mean squared error,");
        output.WriteLine($"gradient descent with lr {LearningRate}, every point in every step.");
        output.WriteLine();

        var line = new Line(maxBatch: Points);
        var optimizer = new Sgd(LearningRate);
        var history = new TrainingHistory();
        output.WriteLine("     step         a         b       loss");
        LineFitting.Descend(line, points, optimizer, history, TutorialSteps);
        Table(output, history, from: 0);
        (double a, double b) = LineFitting.Coefficients(line);
        output.WriteLine();
        (double lsA, double lsB) = LineFitting.LeastSquares(points);
        output.WriteLine($"After the tutorial's {TutorialSteps} steps: a = {a:F3}, b = {b:F3}. The slope has come {100 * a / lsA:F0}% of the way to its");
        output.WriteLine($"best value, the intercept only {100 * b / lsB:F0}%: b's gradient is 2 mean(error), a's is 2 mean(error * x), and x");
        output.WriteLine("reaches 5, so with one learning rate for both, b crawls.");
        output.WriteLine();

        int before = history.Epochs;
        output.WriteLine($"Going on until the gradient is shorter than {Tolerance:0e0}:");
        output.WriteLine("     step         a         b       loss");
        int steps = TutorialSteps + LineFitting.Descend(line, points, optimizer, history, MaxSteps, Tolerance);
        Table(output, history, from: before);
        (a, b) = LineFitting.Coefficients(line);
        output.WriteLine();
        output.WriteLine($"{(steps < TutorialSteps + MaxSteps ? "Converged" : "Stopped, not converged,")} after {steps:N0} steps: a = {a:F3}, b = {b:F3}.");
        output.WriteLine($"The least-squares line through these points is a = {lsA:F3}, b = {lsB:F3}; the line they were drawn around,");
        output.WriteLine($"a = {TrueA}, b = {TrueB}. Gradient descent found the best line; the noise keeps it from the true one.");

        LineFitPlot.SavePng(points.X, points.Y, (a, b), (TrueA, TrueB), history, plotPath);
        output.WriteLine();
        output.WriteLine($"Plot: {plotPath} (the points, the fitted and true lines, and the loss at every step)");
        return line;
    }

    // Rows of the line after 0, 1, 2, 5, 10, 20, 50, ... steps and after the last, from entry `from` of the history on.
    private static void Table(TextWriter output, TrainingHistory history, int from)
    {
        IReadOnlyList<double> a = history.Metric("a"), b = history.Metric("b");
        for (int step = from; step < history.Epochs; step++)
        {
            if (step == 0 || IsRound(step) || step == history.Epochs - 1)
            {
                output.WriteLine($"    {step,5:N0} {a[step],9:F4} {b[step],9:F4} {history.Loss[step],10:F5}");
            }
        }
    }

    private static bool IsRound(int steps)
    {
        for (int decade = 1; decade <= steps; decade *= 10)
        {
            if (steps == decade || steps == 2 * decade || steps == 5 * decade)
            {
                return true;
            }
        }

        return false;
    }
}
