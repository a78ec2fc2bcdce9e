using System;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class ShapeChecksTests
{
    [Theory]
    [InlineData(784, 784, 1)]
    [InlineData(7840, 784, 10)]
    [InlineData(3, 1, 3)]
    public void SampleCount_is_the_length_over_the_features(int length, int features, int samples) =>
        Assert.Equal(samples, ShapeChecks.SampleCount(length, features, "inputs"));

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public void SampleCount_rejects_a_length_that_is_not_whole_samples(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => ShapeChecks.SampleCount(length, 784, "inputs"));
        Assert.Equal("inputs", exception.ParamName);
        Assert.StartsWith(
            $"inputs must hold whole samples of 784 floats (row-major [batch, 784]); its length {length} is not a positive multiple of 784.",
            exception.Message);
    }

    [Fact]
    public void SampleCount_rejects_zero_features() =>
        Assert.Throws<ArgumentOutOfRangeException>("features", () => ShapeChecks.SampleCount(10, 0, "inputs"));

    [Fact]
    public void ExpectLength_accepts_batch_times_features() => ShapeChecks.ExpectLength(20, 2, 10, "outputs");

    [Fact]
    public void ExpectLength_states_the_expected_shape()
    {
        var exception = Assert.Throws<ArgumentException>(() => ShapeChecks.ExpectLength(19, 2, 10, "outputs"));
        Assert.Equal("outputs", exception.ParamName);
        Assert.StartsWith("outputs must have length 20 (2 samples × 10); got 19.", exception.Message);
    }

    [Fact]
    public void ExpectLength_of_a_paired_span_states_the_expected_length()
    {
        ShapeChecks.ExpectLength(5, 5, "a");
        var exception = Assert.Throws<ArgumentException>(() => ShapeChecks.ExpectLength(4, 5, "a"));
        Assert.Equal("a", exception.ParamName);
        Assert.StartsWith("a must have length 5; got 4.", exception.Message);
    }

    [Fact]
    public void ExpectBatchAtMost_accepts_maxBatch_and_rejects_more()
    {
        ShapeChecks.ExpectBatchAtMost(256, 256, "inputs");
        var exception = Assert.Throws<ArgumentException>(() => ShapeChecks.ExpectBatchAtMost(300, 256, "inputs"));
        Assert.Equal("inputs", exception.ParamName);
        Assert.StartsWith(
            "a batch of 300 samples exceeds maxBatch = 256 given to the constructor; construct the network with a larger maxBatch.",
            exception.Message);
    }

    [Fact]
    public void Passing_checks_allocate_nothing() =>
        Assert.Equal(0, Allocations.AfterWarmUp(() =>
        {
            ShapeChecks.SampleCount(7840, 784, "inputs");
            ShapeChecks.ExpectLength(100, 10, 10, "outputs");
            ShapeChecks.ExpectLength(3, 3, "a");
            ShapeChecks.ExpectBatchAtMost(10, 256, "inputs");
        }));
}
