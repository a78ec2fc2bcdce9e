using System;
using System.ComponentModel;
using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Inverted dropout: forward draws a mask and applies it, backward applies the same mask to the gradient.
/// Serves generated code; not meant to be called directly.
/// </summary>
/// <remarks>
/// Survivors are scaled by 1 / (1 - rate) while training so that E[output] = input, and inference needs no
/// rescaling: the layer is then simply skipped. Nothing allocates.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout
{
    /// <summary>
    /// mask_i = 1 / (1 - rate) if u_i &gt;= rate else 0, with u_i = <see cref="SeededRandom.NextSingle"/>;
    /// output_i = input_i mask_i.
    /// </summary>
    /// <remarks>
    /// One number is drawn per element whatever the rate, so the random stream after the call does not depend on it.
    /// With rate 0 every u_i &gt;= 0, so the mask is all ones and the output equals the input.
    /// </remarks>
    /// <param name="input">The activations.</param>
    /// <param name="output">The activations after dropout; may be the same span as <paramref name="input"/>.</param>
    /// <param name="mask">Receives the mask, kept for <see cref="Backward"/>.</param>
    /// <param name="rate">The probability of dropping an element, in [0, 1).</param>
    /// <param name="random">The source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside [0, 1).</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> or <paramref name="mask"/> differs in length from <paramref name="input"/>.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> mask, float rate, SeededRandom random)
    {
        if (rate is not (>= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be in [0, 1).");
        }

        ArgumentNullException.ThrowIfNull(random);
        ShapeChecks.ExpectLength(output.Length, input.Length, nameof(output));
        ShapeChecks.ExpectLength(mask.Length, input.Length, nameof(mask));
        float keptScale = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextSingle() >= rate ? keptScale : 0f;
        }

        TensorPrimitives.Multiply(input, mask, output);
    }

    /// <summary>dInput_i = dOutput_i mask_i: a dropped element passes no gradient, a survivor passes it scaled as in the forward pass.</summary>
    /// <param name="dOutput">d loss / d output.</param>
    /// <param name="mask">The mask <see cref="Forward"/> wrote.</param>
    /// <param name="dInput">d loss / d input; may be the same span as <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Backward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> mask, Span<float> dInput)
    {
        ShapeChecks.ExpectLength(mask.Length, dOutput.Length, nameof(mask));
        ShapeChecks.ExpectLength(dInput.Length, dOutput.Length, nameof(dInput));
        TensorPrimitives.Multiply(dOutput, mask, dInput);
    }
}
