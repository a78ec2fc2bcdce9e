using System;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class ActivationsTests
{
    // -20 to 20 in steps of 0.37 (an irregular step, so no sample sits exactly on 0): both tails and the middle.
    private static readonly float[] Inputs = CreateInputs();

    [Fact]
    public void Sigmoid_is_one_over_one_plus_exp_minus_z()
    {
        float[] a = new float[Inputs.Length];
        Activations.Sigmoid(Inputs, a);
        AssertMatches(z => 1 / (1 + Math.Exp(-z)), a);
    }

    [Fact]
    public void Tanh_is_the_hyperbolic_tangent()
    {
        float[] a = new float[Inputs.Length];
        Activations.Tanh(Inputs, a);
        AssertMatches(Math.Tanh, a);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    public void Elu_is_z_above_zero_and_alpha_times_expm1_below(float alpha)
    {
        float[] a = new float[Inputs.Length];
        Activations.Elu(Inputs, a, alpha);
        AssertMatches(z => z > 0 ? z : alpha * (Math.Exp(z) - 1), a);
    }

    [Fact]
    public void Elementwise_activations_work_in_place()
    {
        float[] sigmoid = (float[])Inputs.Clone(), tanh = (float[])Inputs.Clone(), elu = (float[])Inputs.Clone();
        Activations.Sigmoid(sigmoid, sigmoid);
        Activations.Tanh(tanh, tanh);
        Activations.Elu(elu, elu, 1f);
        AssertMatches(z => 1 / (1 + Math.Exp(-z)), sigmoid);
        AssertMatches(Math.Tanh, tanh);
        AssertMatches(z => z > 0 ? z : Math.Exp(z) - 1, elu);
    }

    [Fact]
    public void Softmax_of_a_row_matches_the_definition_and_sums_to_one()
    {
        float[] logits = [1f, 2f, 3f, -1f, 0.5f], p = new float[5];
        Activations.Softmax(logits, p);
        double[] expected = ReferenceSoftmax(Array.ConvertAll(logits, z => (double)z));
        for (int j = 0; j < p.Length; j++)
        {
            Assert.Equal(expected[j], p[j], 1e-6);
        }

        Assert.Equal(1.0, p[0] + p[1] + p[2] + p[3] + p[4], 1e-6);
    }

    [Fact]
    public void Softmax_is_finite_for_logits_of_plus_and_minus_1000()
    {
        float[] p = new float[3];
        Activations.Softmax([1000f, -1000f, 0f], p);
        Assert.Equal([1f, 0f, 0f], p);

        Activations.Softmax([1000f, 1000f, -1000f], p);
        Assert.Equal([0.5f, 0.5f, 0f], p);

        Activations.Softmax([-1000f, -1000f, -1000f], p);
        Assert.All(p, pj => Assert.Equal(1f / 3, pj, 1e-6f));
    }

    [Fact]
    public void Softmax_works_in_place()
    {
        float[] row = [0.3f, -2f, 4f, 1f];
        double[] expected = ReferenceSoftmax(Array.ConvertAll(row, z => (double)z));
        Activations.Softmax(row, row);
        for (int j = 0; j < row.Length; j++)
        {
            Assert.Equal(expected[j], row[j], 1e-6);
        }
    }

    [Fact]
    public void SoftmaxBackward_matches_central_finite_differences()
    {
        // f(z) = sum_j c_j softmax(z)_j, so dF/dp = c and the kernel's dz must be the gradient of f.
        double[] logits = [0.2, -1.3, 2.1, 0.7, -0.4, 1.1];
        double[] c = [1.5, -0.5, 0.25, 2.0, -1.0, 0.75];
        double F(double[] z)
        {
            double[] p = ReferenceSoftmax(z);
            double sum = 0;
            for (int j = 0; j < p.Length; j++)
            {
                sum += c[j] * p[j];
            }

            return sum;
        }

        double[] expected = FiniteDifferences.Gradient(F, logits);
        float[] probabilities = new float[6], dLogits = new float[6];
        Activations.Softmax(Array.ConvertAll(logits, z => (float)z), probabilities);
        Activations.SoftmaxBackward(probabilities, Array.ConvertAll(c, x => (float)x), dLogits);
        for (int j = 0; j < dLogits.Length; j++)
        {
            Assert.Equal(expected[j], dLogits[j], 1e-5);
        }
    }

    [Fact]
    public void SoftmaxBackward_may_write_over_dProbabilities()
    {
        float[] p = new float[4], separate = new float[4];
        Activations.Softmax([0.5f, 1f, -1f, 2f], p);
        float[] dP = [1f, -2f, 0.5f, 3f];
        Activations.SoftmaxBackward(p, dP, separate);
        Activations.SoftmaxBackward(p, dP, dP);
        Assert.Equal(separate, dP);
    }

    [Fact]
    public void Mismatched_lengths_name_the_output()
    {
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Activations.Sigmoid(new float[3], new float[2])).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Activations.Elu(new float[3], new float[4], 1f)).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => Activations.Softmax(new float[3], new float[2])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => Activations.Softmax([], [])).ParamName);
        Assert.Equal("dLogits", Assert.Throws<ArgumentException>(() => Activations.SoftmaxBackward(new float[3], new float[3], new float[2])).ParamName);
    }

    [Fact]
    public void Kernels_allocate_nothing()
    {
        float[] z = (float[])Inputs.Clone(), a = new float[Inputs.Length], dA = new float[Inputs.Length];
        Assert.Equal(0, Allocations.AfterWarmUp(() =>
        {
            Activations.Sigmoid(z, a);
            Activations.Tanh(z, a);
            Activations.Elu(z, a, 1f);
            Activations.Softmax(z, a);
            Activations.SoftmaxBackward(a, z, dA);
        }));
    }

    private static double[] ReferenceSoftmax(double[] z)
    {
        double max = double.NegativeInfinity;
        foreach (double zj in z)
        {
            max = Math.Max(max, zj);
        }

        double[] p = Array.ConvertAll(z, zj => Math.Exp(zj - max));
        double sum = 0;
        foreach (double pj in p)
        {
            sum += pj;
        }

        return Array.ConvertAll(p, pj => pj / sum);
    }

    private static void AssertMatches(Func<double, double> reference, float[] actual)
    {
        for (int i = 0; i < Inputs.Length; i++)
        {
            double expected = reference(Inputs[i]);
            Assert.True(Math.Abs(actual[i] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"f({Inputs[i]}): expected {expected:R}, got {actual[i]:R}");
        }
    }

    private static float[] CreateInputs()
    {
        var inputs = new float[109];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = -20f + 0.37f * i;
        }

        return inputs;
    }
}
