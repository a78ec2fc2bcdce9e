using System;
using System.ComponentModel;

namespace Compiled.Kernels;

/// <summary>
/// Losses over a whole batch, each returning the mean loss and writing its gradient. Serves generated code; not
/// meant to be called directly.
/// </summary>
/// <remarks>
/// Spans are row-major [batch, outputs]. Sums are accumulated in double so the mean of a large batch does not lose
/// the small terms, and returned as float. Each gradient is that of the returned mean, so it carries the 1 / N (or
/// 1 / batch) factor and the backward pass needs no further scaling. A gradient span may be the same span as the
/// outputs or the targets: each element is read before it is written. Nothing allocates.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Losses
{
    /// <summary>
    /// Keeps log arguments at least this far from 0 and 1, as Keras's epsilon, so the loss stays finite. Applied in
    /// double: in float, 1 - 1e-7 rounds to 1 - 1.19e-7 and the clamp would not be symmetric.
    /// </summary>
    public const double ProbabilityClamp = 1e-7;

    /// <summary>L = (1/N) sum_i (y_i - t_i)² over all N = outputs.Length elements; dL/dy_i = 2 (y_i - t_i) / N.</summary>
    /// <param name="outputs">y, not empty.</param>
    /// <param name="targets">t; the length of <paramref name="outputs"/>.</param>
    /// <param name="dOutputs">dL/dy; the length of <paramref name="outputs"/>.</param>
    /// <returns>The mean loss L.</returns>
    /// <exception cref="ArgumentException">A span is empty or its length differs from <paramref name="outputs"/>.</exception>
    public static float MeanSquaredError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> dOutputs)
    {
        ExpectElementwise(outputs.Length, targets.Length, dOutputs.Length, nameof(dOutputs));
        float scale = 2f / outputs.Length;
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            float difference = outputs[i] - targets[i];
            sum += (double)difference * difference;
            dOutputs[i] = scale * difference;
        }

        return (float)(sum / outputs.Length);
    }

    /// <summary>
    /// L = -(1/N) sum_i [t_i log y_i + (1 - t_i) log(1 - y_i)] with y clamped to [1e-7, 1 - 1e-7];
    /// dL/dy_i = (y_i - t_i) / (y_i (1 - y_i)) / N with the clamped y.
    /// </summary>
    /// <param name="outputs">y, probabilities; not empty.</param>
    /// <param name="targets">t, usually 0 or 1; the length of <paramref name="outputs"/>.</param>
    /// <param name="dOutputs">dL/dy; the length of <paramref name="outputs"/>.</param>
    /// <returns>The mean loss L.</returns>
    /// <exception cref="ArgumentException">A span is empty or its length differs from <paramref name="outputs"/>.</exception>
    public static float BinaryCrossEntropy(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> dOutputs)
    {
        ExpectElementwise(outputs.Length, targets.Length, dOutputs.Length, nameof(dOutputs));
        double n = outputs.Length;
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            double y = ClampProbability(outputs[i]), t = targets[i];
            sum += BinaryCrossEntropyTerm(y, t);
            dOutputs[i] = (float)((y - t) / (y * (1.0 - y)) / n);
        }

        return (float)(sum / n);
    }

    /// <summary>
    /// The loss of <see cref="BinaryCrossEntropy"/> for y = sigmoid(z), with the gradient taken through the sigmoid:
    /// dL/dz_i = (y_i - t_i) / N, since dy/dz = y (1 - y) cancels the denominator of dL/dy.
    /// </summary>
    /// <remarks>The fused gradient uses the unclamped y: it is exact and bounded, so the clamp is needed only inside the logs.</remarks>
    /// <param name="outputs">y, the sigmoid's outputs; not empty.</param>
    /// <param name="targets">t, usually 0 or 1; the length of <paramref name="outputs"/>.</param>
    /// <param name="dLogits">dL/dz; the length of <paramref name="outputs"/>.</param>
    /// <returns>The mean loss L.</returns>
    /// <exception cref="ArgumentException">A span is empty or its length differs from <paramref name="outputs"/>.</exception>
    public static float BinaryCrossEntropyOfSigmoid(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> dLogits)
    {
        ExpectElementwise(outputs.Length, targets.Length, dLogits.Length, nameof(dLogits));
        float scale = 1f / outputs.Length;
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            float y = outputs[i], t = targets[i];
            sum += BinaryCrossEntropyTerm(ClampProbability(y), t);
            dLogits[i] = scale * (y - t);
        }

        return (float)(sum / outputs.Length);
    }

    /// <summary>
    /// L = (1/B) sum_b -sum_j t_bj log max(p_bj, 1e-7) over B = probabilities.Length / classes samples;
    /// dL/dz_bj = (p_bj - t_bj) / B, the gradient with respect to the logits z of the softmax that produced p.
    /// </summary>
    /// <remarks>
    /// With p = softmax(z), dL/dz_j = sum_k (-t_k / p_k) p_k (δ_kj - p_j) = p_j sum_k t_k - t_j, which is p_j - t_j
    /// when each target row sums to 1 (one-hot or a distribution); the softmax backward pass is then skipped.
    /// </remarks>
    /// <param name="probabilities">p, row-major [batch, classes]; not empty.</param>
    /// <param name="targets">t, same shape; each row should sum to 1.</param>
    /// <param name="classes">Classes per sample, at least 1.</param>
    /// <param name="dLogits">dL/dz, same shape.</param>
    /// <returns>The mean loss L.</returns>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> does not hold whole rows, or another span's length differs from it.</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int classes, Span<float> dLogits)
    {
        int batch = ShapeChecks.SampleCount(probabilities.Length, classes, nameof(probabilities));
        ShapeChecks.ExpectLength(targets.Length, batch, classes, nameof(targets));
        ShapeChecks.ExpectLength(dLogits.Length, batch, classes, nameof(dLogits));
        float scale = 1f / batch;
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i], t = targets[i];
            if (t != 0f)
            {
                sum -= t * Math.Log(Math.Max(p, ProbabilityClamp));
            }

            dLogits[i] = scale * (p - t);
        }

        return (float)(sum / batch);
    }

    // -(t log y + (1 - t) log(1 - y)); finite because y is clamped away from 0 and 1.
    private static double BinaryCrossEntropyTerm(double y, double t) => -(t * Math.Log(y) + (1 - t) * Math.Log(1 - y));

    private static double ClampProbability(float y) => Math.Clamp(y, ProbabilityClamp, 1 - ProbabilityClamp);

    private static void ExpectElementwise(int outputs, int targets, int gradient, string gradientName)
    {
        if (outputs == 0)
        {
            throw new ArgumentException("outputs must hold at least one value; it is empty.", nameof(outputs));
        }

        ShapeChecks.ExpectLength(targets, outputs, nameof(targets));
        ShapeChecks.ExpectLength(gradient, outputs, gradientName);
    }
}
