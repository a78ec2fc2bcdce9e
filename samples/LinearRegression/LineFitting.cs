using Compiled.Training;

namespace Compiled.Samples.LinearRegression;

/// <summary>Points drawn around the line y = <paramref name="A"/> x + <paramref name="B"/>, with Gaussian noise of <paramref name="Noise"/> standard deviation.</summary>
internal sealed record LinePoints(float[] X, float[] Y, double A, double B, double Noise)
{
    public int Count => X.Length;
}

/// <summary>
/// The sample's core, without any output: noisy points around a line, full-batch gradient descent on a one-unit linear
/// network, and the least-squares line to check it against.
/// </summary>
internal static class LineFitting
{
    /// <summary>
    /// <paramref name="count"/> points with x uniform in [-5, 5) and y = a x + b plus Gaussian noise of standard deviation
    /// <paramref name="noise"/>; the same seed gives the same points.
    /// </summary>
    public static LinePoints MakePoints(int count, double a, double b, double noise, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var random = new SeededRandom(seed);
        var x = new float[count];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = 10 * random.NextSingle() - 5;
            y[i] = (float)(a * x[i] + b + noise * random.NextGaussian());
        }

        return new LinePoints(x, y, a, b, noise);
    }

    /// <summary>
    /// Steps of gradient descent over all the points at once, until <paramref name="maxSteps"/> are done or the gradient's
    /// length falls below <paramref name="tolerance"/> (0: never). <paramref name="history"/> gets the line after every
    /// step: its loss and, as metrics, <c>a</c> and <c>b</c>. Entry k is the line after k steps, so an empty history first
    /// gets the starting line (entry 0); a history that is not empty must be this line's, and the run goes on from it.
    /// </summary>
    /// <returns>The steps taken.</returns>
    /// <exception cref="ArgumentException">The network is not one input to one output, or cannot take all the points in one batch.</exception>
    public static int Descend(INetwork line, LinePoints points, IOptimizer optimizer, TrainingHistory history, int maxSteps, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(history);
        if (line.InputSize != 1 || line.OutputSize != 1)
        {
            throw new ArgumentException($"Expected a network of 1 input and 1 output; got {line.InputSize} -> {line.OutputSize}.", nameof(line));
        }

        if (points.Count > line.MaxBatch)
        {
            throw new ArgumentException($"Gradient descent takes every point in one batch: {points.Count} points need a network with maxBatch of at least {points.Count}; it has {line.MaxBatch}.", nameof(line));
        }

        float loss = line.ComputeGradients(points.X, points.Y);
        if (history.Epochs == 0)
        {
            Record(history, line, loss);
        }

        for (int step = 0; step < maxSteps; step++)
        {
            if (tolerance > 0 && Length(line.Gradients) < tolerance)
            {
                return step;
            }

            optimizer.Step(line.Parameters, line.Gradients);
            Record(history, line, line.ComputeGradients(points.X, points.Y));
        }

        return maxSteps;
    }

    /// <summary>The line's slope and intercept: Parameters = [a, b].</summary>
    public static (double A, double B) Coefficients(INetwork line) => (line.Parameters[0], line.Parameters[1]);

    /// <summary>The least-squares line through the points, in closed form: a = cov(x, y) / var(x), b = mean(y) - a mean(x).</summary>
    public static (double A, double B) LeastSquares(LinePoints points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double meanX = points.X.Average(v => (double)v), meanY = points.Y.Average(v => (double)v);
        double covariance = 0, variance = 0;
        for (int i = 0; i < points.Count; i++)
        {
            covariance += (points.X[i] - meanX) * (points.Y[i] - meanY);
            variance += (points.X[i] - meanX) * (points.X[i] - meanX);
        }

        double a = covariance / variance;
        return (a, meanY - a * meanX);
    }

    private static void Record(TrainingHistory history, INetwork line, float loss) =>
        history.Add(loss, new Dictionary<string, double> { ["a"] = line.Parameters[0], ["b"] = line.Parameters[1] });

    private static double Length(ReadOnlySpan<float> gradient)
    {
        double sum = 0;
        foreach (float g in gradient)
        {
            sum += (double)g * g;
        }

        return Math.Sqrt(sum);
    }
}
