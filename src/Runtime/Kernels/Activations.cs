using System;
using System.ComponentModel;
using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Element-wise activations and the row softmax with its backward pass. Serves generated code; not meant to be
/// called directly.
/// </summary>
/// <remarks>
/// Every method allocates nothing and accepts its output as the same span as its input (in place), except
/// <see cref="SoftmaxBackward"/>, whose output may alias dProbabilities but not probabilities.
/// Lengths must match exactly (<see cref="ArgumentException"/> otherwise).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Activations
{
    /// <summary>a = 1 / (1 + e^-z), element-wise.</summary>
    /// <param name="z">Pre-activations.</param>
    /// <param name="a">Activations; the length of <paramref name="z"/>.</param>
    public static void Sigmoid(ReadOnlySpan<float> z, Span<float> a)
    {
        ShapeChecks.ExpectLength(a.Length, z.Length, nameof(a));
        if (z.Length < ShortestVectorized)
        {
            ThroughOneVector(z, a, static (z4, a4) => TensorPrimitives.Sigmoid(z4, a4));
            return;
        }

        TensorPrimitives.Sigmoid(z, a);
    }

    /// <summary>a = tanh(z), element-wise.</summary>
    /// <param name="z">Pre-activations.</param>
    /// <param name="a">Activations; the length of <paramref name="z"/>.</param>
    public static void Tanh(ReadOnlySpan<float> z, Span<float> a)
    {
        ShapeChecks.ExpectLength(a.Length, z.Length, nameof(a));
        if (z.Length < ShortestVectorized)
        {
            ThroughOneVector(z, a, static (z4, a4) => TensorPrimitives.Tanh(z4, a4));
            return;
        }

        TensorPrimitives.Tanh(z, a);
    }

    /// <summary>
    /// The fewest elements TensorPrimitives computes with its vector algorithms (one 128-bit vector). Shorter spans
    /// would take its scalar path (MathF), whose last bit can differ, so a value's activation would depend on how
    /// many values it came with: a single sample's outputs, say, against the same sample's in a batch.
    /// </summary>
    private const int ShortestVectorized = 4;

    private delegate void ElementWise(ReadOnlySpan<float> z, Span<float> a);

    // Computes a span shorter than ShortestVectorized as one whole vector (padded with zeros) on the stack.
    private static void ThroughOneVector(ReadOnlySpan<float> z, Span<float> a, ElementWise activation)
    {
        Span<float> padded = stackalloc float[2 * ShortestVectorized];
        padded.Clear();
        z.CopyTo(padded);
        activation(padded[..ShortestVectorized], padded[ShortestVectorized..]);
        padded.Slice(ShortestVectorized, z.Length).CopyTo(a);
    }

    /// <summary>a = z if z &gt; 0, else α (e^z - 1), element-wise.</summary>
    /// <param name="z">Pre-activations.</param>
    /// <param name="a">Activations; the length of <paramref name="z"/>.</param>
    /// <param name="alpha">α, the value the negative side saturates to (as -α).</param>
    public static void Elu(ReadOnlySpan<float> z, Span<float> a, float alpha)
    {
        ShapeChecks.ExpectLength(a.Length, z.Length, nameof(a));
        for (int i = 0; i < z.Length; i++)
        {
            float zi = z[i];
            a[i] = zi > 0f ? zi : alpha * (MathF.Exp(zi) - 1f);
        }
    }

    /// <summary>
    /// The softmax of one row: p_j = e^(z_j - m) / sum_k e^(z_k - m) with m = max_k z_k.
    /// </summary>
    /// <remarks>
    /// Subtracting the row maximum leaves the result unchanged (it cancels between numerator and denominator)
    /// but keeps every exponent &lt;= 0, so no term overflows and the largest is exactly 1, so the sum is
    /// at least 1: logits such as 1000 and -1000 give finite probabilities.
    /// </remarks>
    /// <param name="logits">One row of logits z, not empty.</param>
    /// <param name="probabilities">The row's probabilities p; the length of <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException">The row is empty, or the lengths differ.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("logits must hold one row of at least one value; it is empty.", nameof(logits));
        }

        ShapeChecks.ExpectLength(probabilities.Length, logits.Length, nameof(probabilities));
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum<float>(probabilities), probabilities);
    }

    /// <summary>
    /// The backward pass of one row's softmax: dz_j = p_j (dp_j - sum_k dp_k p_k).
    /// </summary>
    /// <remarks>
    /// From the Jacobian dp_k / dz_j = p_k (δ_kj - p_j): dz_j = sum_k dp_k p_k (δ_kj - p_j). Computing the dot
    /// product once makes it O(n) rather than the O(n²) of the explicit Jacobian.
    /// </remarks>
    /// <param name="probabilities">The row's softmax output p.</param>
    /// <param name="dProbabilities">d loss / d p for the row.</param>
    /// <param name="dLogits">d loss / d z for the row; may be the same span as <paramref name="dProbabilities"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void SoftmaxBackward(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> dProbabilities, Span<float> dLogits)
    {
        ShapeChecks.ExpectLength(dProbabilities.Length, probabilities.Length, nameof(dProbabilities));
        ShapeChecks.ExpectLength(dLogits.Length, probabilities.Length, nameof(dLogits));
        float dot = TensorPrimitives.Dot(dProbabilities, probabilities);
        TensorPrimitives.Subtract(dProbabilities, dot, dLogits);
        TensorPrimitives.Multiply(dLogits, probabilities, dLogits);
    }
}
