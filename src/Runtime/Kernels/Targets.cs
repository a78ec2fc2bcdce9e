using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Compiled.Kernels;

/// <summary>
/// Turns class labels into target rows for the losses. Serves generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Targets
{
    /// <summary>
    /// Writes one target row of <paramref name="outputs"/> floats per label: with several outputs the one-hot row of
    /// the class (t_j = 1 if j == label, else 0); with a single output (binary classification) the label itself, 0 or 1.
    /// </summary>
    /// <remarks>Every label is checked before anything is written, so a bad label leaves <paramref name="targets"/> untouched.</remarks>
    /// <param name="labels">One label per sample.</param>
    /// <param name="outputs">The network's outputs per sample, at least 1.</param>
    /// <param name="targets">Row-major [labels.Length, outputs].</param>
    /// <param name="paramName">The caller's name for <paramref name="labels"/>, used in the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, outputs) (or not 0 or 1 for one output), or <paramref name="outputs"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="targets"/> does not have labels.Length × outputs elements.</exception>
    public static void FromLabels(ReadOnlySpan<int> labels, int outputs, Span<float> targets, string paramName = "labels")
    {
        if (outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "outputs must be at least 1.");
        }

        ShapeChecks.ExpectLength(targets.Length, labels.Length, outputs, nameof(targets));
        ExpectLabels(labels, outputs, paramName);
        if (outputs == 1)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                targets[i] = labels[i];
            }

            return;
        }

        targets.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            targets[i * outputs + labels[i]] = 1f;
        }
    }

    /// <summary>
    /// Checks every label against a network of <paramref name="outputs"/> outputs: a class in [0, outputs), or 0 or 1
    /// for a single output. A caller that reads its labels in chunks checks them all first, so that the exception
    /// names the label's index in the whole span and no chunk runs before it.
    /// </summary>
    /// <param name="labels">One label per sample.</param>
    /// <param name="outputs">The network's outputs per sample, at least 1.</param>
    /// <param name="paramName">The caller's name for <paramref name="labels"/>, used in the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is out of range, or <paramref name="outputs"/> is below 1.</exception>
    public static void ExpectLabels(ReadOnlySpan<int> labels, int outputs, string paramName = "labels")
    {
        if (outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "outputs must be at least 1.");
        }

        int classes = outputs == 1 ? 2 : outputs;
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                ThrowBadLabel(i, labels[i], outputs, paramName);
            }
        }
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadLabel(int sample, int label, int outputs, string paramName) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            label,
            outputs == 1
                ? $"{paramName}[{sample}] is {label}, but a network with one output takes binary labels: 0 or 1."
                : $"{paramName}[{sample}] is {label}, but class labels must be in [0, {outputs}) for {outputs} outputs.");
}
