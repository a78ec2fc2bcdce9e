using System;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class LossesTests
{
    // ---- Values on examples worked by hand ----

    [Fact]
    public void MeanSquaredError_averages_the_squared_differences_over_every_element()
    {
        // Differences -0.5, 0, 1, -1: squares sum to 2.25, mean 0.5625; gradient 2 d / 4 = d / 2.
        float[] outputs = [1f, 2f, 3f, 4f], targets = [1.5f, 2f, 2f, 5f], dOutputs = new float[4];
        float loss = Losses.MeanSquaredError(outputs, targets, dOutputs);
        Assert.Equal(0.5625f, loss, 1e-7f);
        Assert.Equal([-0.25f, 0f, 0.5f, -0.5f], dOutputs);
    }

    [Fact]
    public void BinaryCrossEntropy_averages_minus_the_log_likelihood()
    {
        // -(ln 0.9 + ln(1 - 0.2)) / 2 = (0.1053605 + 0.2231436) / 2; gradient (y - t) / (y (1 - y)) / 2.
        float[] outputs = [0.9f, 0.2f], targets = [1f, 0f], dOutputs = new float[2];
        float loss = Losses.BinaryCrossEntropy(outputs, targets, dOutputs);
        Assert.Equal(0.16425204f, loss, 1e-6f);
        Assert.Equal(-1 / 0.9f / 2, dOutputs[0], 1e-6f);
        Assert.Equal(1 / 0.8f / 2, dOutputs[1], 1e-6f);
    }

    [Fact]
    public void BinaryCrossEntropy_clamps_certain_wrong_outputs_to_a_finite_loss()
    {
        // y = 0 with t = 1 and y = 1 with t = 0 both cost -ln(1e-7) ≈ 16.118 after the clamp.
        float[] dOutputs = new float[2];
        float loss = Losses.BinaryCrossEntropy([0f, 1f], [1f, 0f], dOutputs);
        Assert.Equal(-Math.Log(1e-7), loss, 1e-3);
        Assert.All(dOutputs, d => Assert.True(float.IsFinite(d)));
    }

    [Fact]
    public void BinaryCrossEntropyOfSigmoid_has_the_loss_of_BinaryCrossEntropy_and_gradient_y_minus_t_over_n()
    {
        float[] outputs = [0.9f, 0.2f, 0.6f], targets = [1f, 0f, 0f], dLogits = new float[3], unused = new float[3];
        float loss = Losses.BinaryCrossEntropyOfSigmoid(outputs, targets, dLogits);
        Assert.Equal(Losses.BinaryCrossEntropy(outputs, targets, unused), loss);
        Assert.Equal([-0.1f / 3, 0.2f / 3, 0.6f / 3], dLogits, (x, y) => Math.Abs(x - y) < 1e-7f);
    }

    [Fact]
    public void SoftmaxCrossEntropy_averages_minus_the_log_probability_of_the_target_over_samples()
    {
        // Sample 0 has class 0 (p = 0.7), sample 1 class 2 (p = 0.8): L = -(ln 0.7 + ln 0.8) / 2; dz = (p - t) / 2.
        float[] probabilities = [0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f];
        float[] targets = [1f, 0f, 0f, 0f, 0f, 1f], dLogits = new float[6];
        float loss = Losses.SoftmaxCrossEntropy(probabilities, targets, 3, dLogits);
        Assert.Equal(0.28990924f, loss, 1e-6f);
        Assert.Equal([-0.15f, 0.1f, 0.05f, 0.05f, 0.05f, -0.1f], dLogits, (x, y) => Math.Abs(x - y) < 1e-7f);
    }

    [Fact]
    public void SoftmaxCrossEntropy_clamps_a_zero_probability_of_the_target()
    {
        float loss = Losses.SoftmaxCrossEntropy([0f, 1f], [1f, 0f], 2, new float[2]);
        Assert.Equal(-Math.Log(1e-7), loss, 1e-3);
    }

    // ---- Gradients against central finite differences of the loss in double ----

    private static readonly double[] Outputs = [0.12, 0.87, 0.45, 0.66, 0.31, 0.05, 0.93, 0.5]; // [batch 4, outputs 2]
    private static readonly double[] BinaryTargets = [1, 0, 0, 1, 1, 1, 0, 0];

    [Fact]
    public void MeanSquaredError_gradient_matches_finite_differences()
    {
        double[] targets = [0.3, -1.2, 0.45, 2.0, 0.0, 0.1, 1.5, -0.5];
        double[] expected = FiniteDifferences.Gradient(y => MeanOver(y, i => (y[i] - targets[i]) * (y[i] - targets[i])), (double[])Outputs.Clone());
        float[] dOutputs = new float[Outputs.Length];
        Losses.MeanSquaredError(ToSingle(Outputs), ToSingle(targets), dOutputs);
        AssertGradient(expected, dOutputs);
    }

    [Fact]
    public void BinaryCrossEntropy_gradient_matches_finite_differences()
    {
        double[] expected = FiniteDifferences.Gradient(y => MeanOver(y, i => BinaryCrossEntropy(y[i], BinaryTargets[i])), (double[])Outputs.Clone());
        float[] dOutputs = new float[Outputs.Length];
        Losses.BinaryCrossEntropy(ToSingle(Outputs), ToSingle(BinaryTargets), dOutputs);
        AssertGradient(expected, dOutputs);
    }

    [Fact]
    public void BinaryCrossEntropyOfSigmoid_gradient_matches_finite_differences_through_the_sigmoid()
    {
        double[] logits = [-2.0, 1.5, 0.3, -0.7, 2.4, 0.0, -3.1, 0.9];
        double[] expected = FiniteDifferences.Gradient(z => MeanOver(z, i => BinaryCrossEntropy(Sigmoid(z[i]), BinaryTargets[i])), logits);
        float[] outputs = Array.ConvertAll(logits, z => (float)Sigmoid(z)), dLogits = new float[logits.Length];
        Losses.BinaryCrossEntropyOfSigmoid(outputs, ToSingle(BinaryTargets), dLogits);
        AssertGradient(expected, dLogits);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxCrossEntropy_gradient_matches_finite_differences_through_the_softmax(bool softTargets)
    {
        const int classes = 4;
        double[] logits = [0.5, -1.0, 2.0, 0.1, 1.2, 0.3, -0.8, 0.0, -2.0, 0.7, 1.1, 0.4]; // [batch 3, classes 4]
        double[] targets = softTargets
            ? [0.1, 0.2, 0.6, 0.1, 0.25, 0.25, 0.25, 0.25, 0.0, 0.5, 0.5, 0.0]
            : [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1];
        double Loss(double[] z)
        {
            double sum = 0;
            for (int b = 0; b < 3; b++)
            {
                double[] p = Softmax(z.AsSpan(b * classes, classes));
                for (int j = 0; j < classes; j++)
                {
                    sum -= targets[b * classes + j] * Math.Log(p[j]);
                }
            }

            return sum / 3;
        }

        double[] expected = FiniteDifferences.Gradient(Loss, logits);
        float[] probabilities = new float[logits.Length], dLogits = new float[logits.Length];
        for (int b = 0; b < 3; b++)
        {
            Activations.Softmax(ToSingle(logits).AsSpan(b * classes, classes), probabilities.AsSpan(b * classes, classes));
        }

        float loss = Losses.SoftmaxCrossEntropy(probabilities, ToSingle(targets), classes, dLogits);
        Assert.Equal(Loss(logits), loss, 1e-6);
        AssertGradient(expected, dLogits);
    }

    // ---- Shapes, aliasing, allocation ----

    [Fact]
    public void Mismatched_lengths_name_the_argument_and_the_expected_length()
    {
        var targets = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(new float[6], new float[5], new float[6]));
        Assert.Equal("targets", targets.ParamName);
        Assert.Contains("6", targets.Message);

        var gradient = Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropy(new float[6], new float[6], new float[7]));
        Assert.Equal("dOutputs", gradient.ParamName);
        Assert.Contains("6", gradient.Message);

        Assert.Equal("dLogits", Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyOfSigmoid(new float[2], new float[2], new float[1])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError([], [], [])).ParamName);

        var rows = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new float[7], new float[7], 3, new float[7]));
        Assert.Equal("probabilities", rows.ParamName);
        var softmaxTargets = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new float[6], new float[3], 3, new float[6]));
        Assert.Equal("targets", softmaxTargets.ParamName);
        Assert.Contains("must have length 6", softmaxTargets.Message);
    }

    [Fact]
    public void The_gradient_may_overwrite_the_outputs()
    {
        float[] outputs = [0.2f, 0.7f, 0.4f], targets = [0f, 1f, 1f], separate = new float[3];
        float expected = Losses.MeanSquaredError(outputs, targets, separate);
        float inPlace = Losses.MeanSquaredError(outputs, targets, outputs);
        Assert.Equal(expected, inPlace);
        Assert.Equal(separate, outputs);
    }

    [Fact]
    public void Losses_allocate_nothing()
    {
        float[] y = ToSingle(Outputs), t = ToSingle(BinaryTargets), d = new float[y.Length];
        Assert.Equal(0, Allocations.AfterWarmUp(() =>
        {
            Losses.MeanSquaredError(y, t, d);
            Losses.BinaryCrossEntropy(y, t, d);
            Losses.BinaryCrossEntropyOfSigmoid(y, t, d);
            Losses.SoftmaxCrossEntropy(y, t, 2, d);
        }));
    }

    private static double BinaryCrossEntropy(double y, double t) => -(t * Math.Log(y) + (1 - t) * Math.Log(1 - y));

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] Softmax(Span<double> z)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (double zj in z)
        {
            max = Math.Max(max, zj);
        }

        double[] p = new double[z.Length];
        for (int j = 0; j < z.Length; j++)
        {
            p[j] = Math.Exp(z[j] - max);
            sum += p[j];
        }

        for (int j = 0; j < z.Length; j++)
        {
            p[j] /= sum;
        }

        return p;
    }

    private static double MeanOver(double[] values, Func<int, double> term)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += term(i);
        }

        return sum / values.Length;
    }

    private static float[] ToSingle(double[] values) => Array.ConvertAll(values, v => (float)v);

    private static void AssertGradient(double[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
