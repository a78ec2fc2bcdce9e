using System;
using System.Linq;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class NonZerosTests
{
    // Lengths around the 4- and 8-float blocks and their tails; densities from all zeros to none.
    public static TheoryData<int, double> Cases()
    {
        var cases = new TheoryData<int, double>();
        foreach (int length in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 64, 100, 784 })
        {
            foreach (double zeros in new[] { 0.0, 0.2, 0.5, 0.8, 1.0 })
            {
                cases.Add(length, zeros);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lists_the_nonzero_positions_in_increasing_order(int length, double zeros)
    {
        var random = new Random(length * 31 + (int)(zeros * 10));
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() < zeros ? 0f : (float)(random.NextDouble() * 2 - 1) + 1e-3f;
        }

        int[] indices = Enumerable.Repeat(-1, length + 3).ToArray();
        int count = NonZeros.Indices(values, indices);

        int[] expected = Enumerable.Range(0, length).Where(i => values[i] != 0f).ToArray();
        Assert.Equal(expected, indices.Take(count));
        Assert.Equal([-1, -1, -1], indices[length..]); // nothing written past values.Length
    }

    [Fact]
    public void NaN_and_infinities_count_as_nonzero_and_negative_zero_as_zero()
    {
        float[] values = [0f, float.NaN, -0f, float.PositiveInfinity, 1e-45f, float.NegativeInfinity, 0f, 0f, -0f, float.NaN];
        int[] indices = new int[values.Length];
        int count = NonZeros.Indices(values, indices);
        Assert.Equal([1, 3, 4, 5, 9], indices.Take(count));
    }

    [Fact]
    public void Indices_shorter_than_the_values_are_named_with_the_length_needed()
    {
        var exception = Assert.Throws<ArgumentException>(() => NonZeros.Indices(new float[10], new int[9]));
        Assert.Equal("indices", exception.ParamName);
        Assert.StartsWith("indices must have length at least 10 (one per value); got 9.", exception.Message);
    }

    [Fact]
    public void Allocates_nothing()
    {
        float[] values = new float[784];
        for (int i = 0; i < values.Length; i += 3)
        {
            values[i] = i;
        }

        int[] indices = new int[values.Length];
        Assert.Equal(0, Allocations.AfterWarmUp(() => NonZeros.Indices(values, indices)));
    }
}
