using System;
using Compiled.Initializers;

namespace Compiled.Runtime.Tests;

public sealed class WeightInitTests
{
    private const int Count = 100_000;

    [Fact]
    public void GlorotUniform_draws_within_the_limit_with_variance_two_over_fan_sum()
    {
        float[] weights = new float[Count];
        WeightInit.GlorotUniform(weights, 300, 100, new SeededRandom(1));
        AssertUniform(weights, Math.Sqrt(6.0 / 400));
    }

    [Fact]
    public void HeUniform_draws_within_the_limit_with_variance_two_over_fan_in()
    {
        float[] weights = new float[Count];
        WeightInit.HeUniform(weights, 50, new SeededRandom(2));
        AssertUniform(weights, Math.Sqrt(6.0 / 50));
    }

    [Fact]
    public void GlorotNormal_has_standard_deviation_sqrt_two_over_fan_sum()
    {
        float[] weights = new float[Count];
        WeightInit.GlorotNormal(weights, 784, 256, new SeededRandom(3));
        AssertNormal(weights, 0, Math.Sqrt(2.0 / (784 + 256)));
    }

    [Fact]
    public void HeNormal_has_standard_deviation_sqrt_two_over_fan_in()
    {
        float[] weights = new float[Count];
        WeightInit.HeNormal(weights, 128, new SeededRandom(4));
        AssertNormal(weights, 0, Math.Sqrt(2.0 / 128));
    }

    [Fact]
    public void Normal_has_the_given_mean_and_standard_deviation()
    {
        float[] weights = new float[Count];
        WeightInit.Normal(weights, 3f, 0.5f, new SeededRandom(5));
        AssertNormal(weights, 3, 0.5);
    }

    [Fact]
    public void Normal_with_zero_standard_deviation_fills_with_the_mean()
    {
        float[] weights = new float[100];
        WeightInit.Normal(weights, -1.5f, 0f, new SeededRandom(5));
        Assert.All(weights, w => Assert.Equal(-1.5f, w));
    }

    [Fact]
    public void Zeros_clears_every_weight()
    {
        float[] weights = [1f, -2f, 3f];
        WeightInit.Zeros(weights);
        Assert.Equal(new float[3], weights);
    }

    [Theory]
    [InlineData(Init.GlorotUniform)]
    [InlineData(Init.GlorotNormal)]
    [InlineData(Init.HeUniform)]
    [InlineData(Init.HeNormal)]
    [InlineData(Init.Normal)]
    [InlineData(Init.Zeros)]
    public void Fill_draws_what_the_named_initializer_draws(Init init)
    {
        float[] viaFill = new float[1000], direct = Array.ConvertAll(new float[1000], _ => float.NaN);
        WeightInit.Fill(viaFill, init, 20, 30, new SeededRandom(6), mean: 0.1f, stdDev: 0.2f);
        var random = new SeededRandom(6);
        switch (init)
        {
            case Init.GlorotUniform: WeightInit.GlorotUniform(direct, 20, 30, random); break;
            case Init.GlorotNormal: WeightInit.GlorotNormal(direct, 20, 30, random); break;
            case Init.HeUniform: WeightInit.HeUniform(direct, 20, random); break;
            case Init.HeNormal: WeightInit.HeNormal(direct, 20, random); break;
            case Init.Normal: WeightInit.Normal(direct, 0.1f, 0.2f, random); break;
            case Init.Zeros: WeightInit.Zeros(direct); break;
        }

        Assert.Equal(direct, viaFill);
    }

    [Theory]
    [InlineData(Init.GlorotUniform)]
    [InlineData(Init.HeNormal)]
    public void The_same_seed_gives_the_same_weights_and_another_seed_different_ones(Init init)
    {
        float[] first = new float[500], second = new float[500], other = new float[500];
        WeightInit.Fill(first, init, 10, 50, new SeededRandom(42));
        WeightInit.Fill(second, init, 10, 50, new SeededRandom(42));
        WeightInit.Fill(other, init, 10, 50, new SeededRandom(43));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    public static TheoryData<string, Action> InvalidArguments => new()
    {
        { "fanIn", () => WeightInit.GlorotUniform(new float[4], 0, 2, new SeededRandom(0)) },
        { "fanOut", () => WeightInit.GlorotNormal(new float[4], 2, 0, new SeededRandom(0)) },
        { "fanIn", () => WeightInit.HeUniform(new float[4], -1, new SeededRandom(0)) },
        { "fanIn", () => WeightInit.HeNormal(new float[4], 0, new SeededRandom(0)) },
        { "stdDev", () => WeightInit.Normal(new float[4], 0f, -0.1f, new SeededRandom(0)) },
        { "stdDev", () => WeightInit.Normal(new float[4], 0f, float.NaN, new SeededRandom(0)) },
        { "mean", () => WeightInit.Normal(new float[4], float.NaN, 1f, new SeededRandom(0)) },
        { "fanOut", () => WeightInit.Fill(new float[4], Init.Zeros, 1, 0, new SeededRandom(0)) },
        { "stdDev", () => WeightInit.Fill(new float[4], Init.Normal, 1, 1, new SeededRandom(0), stdDev: -1f) },
        { "init", () => WeightInit.Fill(new float[4], (Init)99, 1, 1, new SeededRandom(0)) },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void An_out_of_range_argument_is_named(string parameter, Action initialize) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(initialize).ParamName);

    // U(-l, l): every draw within the bounds, the extremes near them, mean 0 and variance l² / 3.
    private static void AssertUniform(float[] weights, double limit)
    {
        (double mean, double variance) = Moments(weights);
        Assert.All(weights, w => Assert.InRange(w, -limit, limit));
        Assert.True(weights.AsSpan().IndexOfAnyInRange((float)(0.999 * limit), float.MaxValue) >= 0, "no draw near +l");
        Assert.True(weights.AsSpan().IndexOfAnyInRange(float.MinValue, (float)(-0.999 * limit)) >= 0, "no draw near -l");
        Assert.InRange(mean, -0.01 * limit, 0.01 * limit);
        Assert.InRange(variance, 0.98 * limit * limit / 3, 1.02 * limit * limit / 3);
    }

    // Standard errors over 100k draws: 0.0032 σ for the mean, 0.0045 σ² for the variance.
    private static void AssertNormal(float[] weights, double expectedMean, double expectedStdDev)
    {
        (double mean, double variance) = Moments(weights);
        Assert.InRange(mean, expectedMean - 0.015 * expectedStdDev, expectedMean + 0.015 * expectedStdDev);
        Assert.InRange(Math.Sqrt(variance), 0.99 * expectedStdDev, 1.01 * expectedStdDev);
    }

    private static (double Mean, double Variance) Moments(float[] values)
    {
        double sum = 0, sumOfSquares = 0;
        foreach (float v in values)
        {
            sum += v;
            sumOfSquares += (double)v * v;
        }

        double mean = sum / values.Length;
        return (mean, sumOfSquares / values.Length - mean * mean);
    }
}
