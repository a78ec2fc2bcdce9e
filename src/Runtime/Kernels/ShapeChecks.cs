using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Compiled.Kernels;

/// <summary>
/// Argument checks on the lengths of row-major [batch, features] spans. Serves generated code; not meant to be
/// called directly.
/// </summary>
/// <remarks>
/// The checks are a comparison each and inline into the caller; the messages are built in separate methods
/// that are never inlined, so a generated method carries no string formatting on its hot path.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ShapeChecks
{
    /// <summary>The number of samples in a span of <paramref name="length"/> floats holding rows of <paramref name="features"/>.</summary>
    /// <param name="length">The span's length.</param>
    /// <param name="features">Floats per sample, at least 1.</param>
    /// <param name="paramName">The caller's name for the span, used in the exception.</param>
    /// <returns>length / features.</returns>
    /// <exception cref="ArgumentException"><paramref name="length"/> is 0 or not a multiple of <paramref name="features"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SampleCount(int length, int features, string paramName)
    {
        if (features < 1)
        {
            ThrowFeaturesOutOfRange(features);
        }

        int batch = length / features;
        if (length <= 0 || batch * features != length)
        {
            ThrowNotWholeSamples(length, features, paramName);
        }

        return batch;
    }

    /// <summary>Checks that a span holds exactly <paramref name="batch"/> rows of <paramref name="features"/> floats.</summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="batch">Samples expected.</param>
    /// <param name="features">Floats per sample.</param>
    /// <param name="paramName">The caller's name for the span, used in the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="actual"/> != <paramref name="batch"/> × <paramref name="features"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectLength(int actual, int batch, int features, string paramName)
    {
        if (actual != (long)batch * features)
        {
            ThrowWrongLength(actual, batch, features, paramName);
        }
    }

    /// <summary>
    /// Checks that an optional output span is empty (nothing is to be written) or holds exactly <paramref name="batch"/>
    /// rows of <paramref name="features"/> floats.
    /// </summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="batch">Samples expected.</param>
    /// <param name="features">Elements per sample.</param>
    /// <param name="paramName">The caller's name for the span, used in the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="actual"/> is neither 0 nor <paramref name="batch"/> × <paramref name="features"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectLengthOrEmpty(int actual, int batch, int features, string paramName)
    {
        if (actual != 0 && actual != (long)batch * features)
        {
            ThrowWrongLengthNotEmpty(actual, batch, features, paramName);
        }
    }

    /// <summary>Checks that a span has the same length as the span it pairs with (an output and its input, a gradient and its value).</summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="expected">The length it must have.</param>
    /// <param name="paramName">The caller's name for the span, used in the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="actual"/> != <paramref name="expected"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            ThrowWrongLength(actual, expected, paramName);
        }
    }

    /// <summary>Checks that a batch fits the buffers a network allocated in its constructor.</summary>
    /// <param name="batch">Samples in the call.</param>
    /// <param name="maxBatch">The constructor's maxBatch.</param>
    /// <param name="paramName">The caller's name for the batch's input span, used in the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="batch"/> &gt; <paramref name="maxBatch"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectBatchAtMost(int batch, int maxBatch, string paramName)
    {
        if (batch > maxBatch)
        {
            ThrowBatchTooLarge(batch, maxBatch, paramName);
        }
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFeaturesOutOfRange(int features) =>
        throw new ArgumentOutOfRangeException(nameof(features), features, "features must be at least 1.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotWholeSamples(int length, int features, string paramName) =>
        throw new ArgumentException(
            $"{paramName} must hold whole samples of {features} floats (row-major [batch, {features}]); " +
            $"its length {length} is not a positive multiple of {features}.",
            paramName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongLength(int actual, int batch, int features, string paramName) =>
        throw new ArgumentException(
            $"{paramName} must have length {(long)batch * features} ({batch} samples × {features}); got {actual}.", paramName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongLengthNotEmpty(int actual, int batch, int features, string paramName) =>
        throw new ArgumentException(
            $"{paramName} must be empty or have length {(long)batch * features} ({batch} samples × {features}); got {actual}.", paramName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongLength(int actual, int expected, string paramName) =>
        throw new ArgumentException($"{paramName} must have length {expected}; got {actual}.", paramName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBatchTooLarge(int batch, int maxBatch, string paramName) =>
        throw new ArgumentException(
            $"a batch of {batch} samples exceeds maxBatch = {maxBatch} given to the constructor; " +
            "construct the network with a larger maxBatch.",
            paramName);
}
