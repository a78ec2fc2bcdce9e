using System;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

/// <summary>The PReLU kernel: each unit's own slope, the slopes' gradient summed over rows, in place, and its argument checks.</summary>
public sealed class PReluTests
{
    // 3 rows of 19 units: whole vectors of every width (4, 8, 16) and a scalar tail.
    private const int Units = 19, Rows = 3;

    [Fact]
    public void Forward_and_backward_match_the_definition_per_unit()
    {
        var random = new Random(1);
        float[] z = Values(random, Rows * Units), dA = Values(random, Rows * Units), slopes = Values(random, Units);
        var a = new float[z.Length];
        var dZ = new float[z.Length];
        var dSlopes = new float[Units];
        dSlopes.AsSpan().Fill(123f); // overwritten, not added to

        PRelu.Forward(z, slopes, a);
        PRelu.Backward(dA, z, slopes, dSlopes, dZ);

        for (int j = 0; j < Units; j++)
        {
            double sum = 0;
            for (int b = 0; b < Rows; b++)
            {
                int e = b * Units + j;
                Assert.Equal(z[e] > 0 ? z[e] : slopes[j] * z[e], a[e]);
                Assert.Equal(z[e] > 0 ? dA[e] : dA[e] * slopes[j], dZ[e]);
                sum += dA[e] * Math.Min(z[e], 0.0);
            }

            Assert.Equal(sum, dSlopes[j], 1e-6);
        }
    }

    [Fact]
    public void Both_passes_work_in_place_and_allocate_nothing()
    {
        var random = new Random(2);
        float[] z = Values(random, Rows * Units), dA = Values(random, Rows * Units), slopes = Values(random, Units);
        float[] a = new float[z.Length], dZ = new float[z.Length], dSlopes = new float[Units], sameDSlopes = new float[Units];
        PRelu.Forward(z, slopes, a);
        PRelu.Backward(dA, z, slopes, dSlopes, dZ);

        float[] inPlace = (float[])z.Clone(), gradient = (float[])dA.Clone();
        PRelu.Forward(inPlace, slopes, inPlace);
        PRelu.Backward(gradient, z, slopes, sameDSlopes, gradient);

        Assert.Equal(a, inPlace);
        Assert.Equal(dZ, gradient);
        Assert.Equal(dSlopes, sameDSlopes);
        Assert.Equal(0, Allocations.AfterWarmUp(() => PRelu.Backward(dA, z, slopes, dSlopes, dZ)));
    }

    [Fact]
    public void Lengths_that_do_not_fit_name_the_argument()
    {
        float[] slopes = new float[Units], z = new float[Rows * Units];
        Assert.Equal("z", Assert.Throws<ArgumentException>(() => PRelu.Forward(new float[Units + 1], slopes, new float[Units + 1])).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => PRelu.Forward(z, slopes, new float[Units])).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => PRelu.Backward(new float[Units], z, slopes, new float[Units], z)).ParamName);
        Assert.Equal("dSlopes", Assert.Throws<ArgumentException>(() => PRelu.Backward(z, z, slopes, new float[Units - 1], new float[z.Length])).ParamName);
    }

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
