using System;

namespace Compiled.Runtime.Tests;

public sealed class SeededRandomTests
{
    private const int Draws = 100_000;

    [Theory]
    // Expected values from an independent transcription of the published SplitMix64 and xoshiro128** reference
    // code (state words s0..s3 = low and high halves of the first two SplitMix64 outputs; for seed 0 those
    // outputs are 0xE220A8397B1DCDAF and 0x6E789E6AA1B965F4).
    [InlineData(0ul, new uint[] { 0xDEC9045Du, 0x9A089D75u, 0xAB77D362u, 0xC3E16405u, 0x5C95A8DAu, 0x60DEA056u })]
    [InlineData(42ul, new uint[] { 0x69E85A2Au, 0xF843FAD0u, 0x0105185Fu, 0x8A1F1EA6u, 0xA66BE2A9u, 0x9844904Eu })]
    [InlineData(0xDEADBEEFCAFEF00Dul, new uint[] { 0x937A6428u, 0xCD980EEEu, 0x17C563B7u, 0x9B373317u, 0x6AF7EF59u, 0xA54A2334u })]
    public void NextUInt32_is_xoshiro128starstar_seeded_through_SplitMix64(ulong seed, uint[] expected)
    {
        var random = new SeededRandom(seed);
        uint[] actual = new uint[expected.Length];
        for (int i = 0; i < actual.Length; i++)
        {
            actual[i] = random.NextUInt32();
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextSingle_and_NextDouble_are_the_top_bits_of_the_integer_stream()
    {
        var random = new SeededRandom(0);
        Assert.Equal((0xDEC9045Du >> 8) / 16777216f, random.NextSingle());
        Assert.Equal((((ulong)0x9A089D75u << 32 | 0xAB77D362u) >> 11) / 9007199254740992.0, random.NextDouble());
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence()
    {
        SeededRandom first = new(12345), second = new(12345);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(first.NextUInt32(), second.NextUInt32());
            Assert.Equal(first.NextSingle(), second.NextSingle());
            Assert.Equal(first.NextDouble(), second.NextDouble());
            Assert.Equal(first.NextGaussian(), second.NextGaussian());
        }
    }

    [Fact]
    public void Different_seeds_give_different_sequences()
    {
        SeededRandom zero = new(0), one = new(1);
        int equal = 0;
        for (int i = 0; i < 1000; i++)
        {
            equal += zero.NextUInt32() == one.NextUInt32() ? 1 : 0;
        }

        Assert.True(equal <= 1, $"{equal} of 1000 draws coincided");
    }

    [Fact]
    public void NextSingle_is_uniform_on_the_unit_interval()
    {
        var random = new SeededRandom(7);
        double sum = 0;
        int belowQuarter = 0;
        for (int i = 0; i < Draws; i++)
        {
            float u = random.NextSingle();
            Assert.InRange(u, 0f, 0.99999994f); // [0, 1): the largest float below 1.
            sum += u;
            belowQuarter += u < 0.25f ? 1 : 0;
        }

        // Standard errors: 0.289 / sqrt(n) ≈ 0.0009 for the mean, 0.0014 for the fraction.
        Assert.InRange(sum / Draws, 0.495, 0.505);
        Assert.InRange(belowQuarter / (double)Draws, 0.24, 0.26);
    }

    [Fact]
    public void NextDouble_is_uniform_on_the_unit_interval()
    {
        var random = new SeededRandom(8);
        double sum = 0;
        for (int i = 0; i < Draws; i++)
        {
            double u = random.NextDouble();
            Assert.True(u is >= 0 and < 1, $"draw {i} is {u}");
            sum += u;
        }

        Assert.InRange(sum / Draws, 0.495, 0.505);
    }

    [Fact]
    public void NextGaussian_is_standard_normal()
    {
        var random = new SeededRandom(9);
        double sum = 0, sumOfSquares = 0;
        int withinOneSigma = 0;
        for (int i = 0; i < Draws; i++)
        {
            double z = random.NextGaussian();
            Assert.True(double.IsFinite(z));
            sum += z;
            sumOfSquares += z * z;
            withinOneSigma += Math.Abs(z) < 1 ? 1 : 0;
        }

        double mean = sum / Draws, variance = sumOfSquares / Draws - mean * mean;
        // Standard errors: 0.0032 for the mean, sqrt(2 / n) ≈ 0.0045 for the variance, 0.0015 for P(|z| < 1) = 0.6827.
        Assert.InRange(mean, -0.015, 0.015);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(withinOneSigma / (double)Draws, 0.676, 0.690);
    }

    [Fact]
    public void Draws_allocate_nothing()
    {
        var random = new SeededRandom(1);
        Assert.Equal(0, Allocations.AfterWarmUp(() =>
        {
            random.NextUInt32();
            random.NextSingle();
            random.NextDouble();
            random.NextGaussian();
            random.NextGaussian();
            random.NextGaussian();
        }));
    }
}
