using System;
using System.Linq;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class DropoutTests
{
    private const int Count = 100_000;

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.3f)]
    [InlineData(0.5f)]
    public void The_fraction_dropped_is_the_rate(float rate)
    {
        float[] input = Ones(), output = new float[Count], mask = new float[Count];
        Dropout.Forward(input, output, mask, rate, new SeededRandom(1));
        double dropped = mask.Count(m => m == 0f) / (double)Count;
        Assert.InRange(dropped, rate - 0.01, rate + 0.01); // standard error ≤ 0.0016
    }

    [Fact]
    public void Survivors_are_scaled_by_one_over_the_keep_probability()
    {
        float[] input = Enumerable.Range(0, 1000).Select(i => 0.01f * i - 3f).ToArray();
        float[] output = new float[1000], mask = new float[1000];
        Dropout.Forward(input, output, mask, 0.2f, new SeededRandom(2));
        for (int i = 0; i < input.Length; i++)
        {
            Assert.True(mask[i] == 0f || mask[i] == 1f / 0.8f, $"mask[{i}] = {mask[i]}");
            Assert.Equal(input[i] * mask[i], output[i]);
        }
    }

    [Fact]
    public void The_expected_value_of_each_element_is_preserved()
    {
        float[] output = new float[Count], mask = new float[Count];
        Dropout.Forward(Ones(), output, mask, 0.4f, new SeededRandom(3));
        Assert.InRange(output.Average(), 0.985, 1.015); // standard error sqrt(0.4 / 0.6 / n) ≈ 0.0026
    }

    [Fact]
    public void Rate_zero_is_the_identity()
    {
        float[] input = [1f, -2f, 3.5f, 0f], output = new float[4], mask = new float[4];
        Dropout.Forward(input, output, mask, 0f, new SeededRandom(4));
        Assert.Equal(input, output);
        Assert.Equal([1f, 1f, 1f, 1f], mask);
    }

    [Fact]
    public void The_same_seed_drops_the_same_elements()
    {
        float[] first = new float[500], second = new float[500], output = new float[500];
        Dropout.Forward(new float[500], output, first, 0.5f, new SeededRandom(5));
        Dropout.Forward(new float[500], output, second, 0.5f, new SeededRandom(5));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Forward_works_in_place()
    {
        float[] values = [1f, 2f, 3f, 4f, 5f, 6f], expected = new float[6], mask = new float[6];
        Dropout.Forward(values, expected, mask, 0.5f, new SeededRandom(6));
        Dropout.Forward(values, values, mask, 0.5f, new SeededRandom(6));
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Backward_passes_the_gradient_through_the_mask_in_place_too()
    {
        float[] mask = [0f, 2f, 2f, 0f], dOutput = [1f, -1f, 0.5f, 3f], dInput = new float[4];
        Dropout.Backward(dOutput, mask, dInput);
        Assert.Equal([0f, -2f, 1f, 0f], dInput);
        Dropout.Backward(dOutput, mask, dOutput);
        Assert.Equal(dInput, dOutput);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void A_rate_outside_zero_to_one_is_rejected(float rate) =>
        Assert.Throws<ArgumentOutOfRangeException>("rate", () => Dropout.Forward(new float[2], new float[2], new float[2], rate, new SeededRandom(0)));

    [Fact]
    public void Mismatched_lengths_are_named()
    {
        Assert.Equal("mask", Assert.Throws<ArgumentException>(() => Dropout.Forward(new float[3], new float[3], new float[2], 0.5f, new SeededRandom(0))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Dropout.Forward(new float[3], new float[4], new float[3], 0.5f, new SeededRandom(0))).ParamName);
        Assert.Equal("dInput", Assert.Throws<ArgumentException>(() => Dropout.Backward(new float[3], new float[3], new float[2])).ParamName);
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing()
    {
        float[] input = Ones(), output = new float[Count], mask = new float[Count];
        var random = new SeededRandom(7);
        Assert.Equal(0, Allocations.AfterWarmUp(() =>
        {
            Dropout.Forward(input, output, mask, 0.3f, random);
            Dropout.Backward(output, mask, output);
        }));
    }

    private static float[] Ones() => Enumerable.Repeat(1f, Count).ToArray();
}
