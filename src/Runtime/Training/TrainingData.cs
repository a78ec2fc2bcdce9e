using System;
using Compiled.Data;

namespace Compiled.Training;

/// <summary>
/// Samples for <see cref="Trainer"/>: inputs row-major [count, features] with either a class label per sample
/// (for <c>TrainStep(inputs, labels, ...)</c>) or a row of targets per sample (regression, one-hot, yes/no outputs).
/// Keras's <c>x</c> and <c>y</c> in one object, so training and validation data are checked once, together.
/// </summary>
/// <remarks>
/// The arrays are kept, not copied: a <see cref="Slice"/> or <see cref="Split"/> is a view of the same samples.
/// Images are scaled to [0, 1] as each batch is filled, exactly as <see cref="MiniBatches"/> fills its batches.
/// </remarks>
public sealed class TrainingData
{
    private readonly float[]? _inputs;
    private readonly IdxImages? _images;
    private readonly int[]? _labels;
    private readonly byte[]? _imageLabels;
    private readonly float[]? _targets;
    private readonly int _start;

    /// <summary>Samples with class labels.</summary>
    /// <param name="inputs">Row-major [count, <paramref name="features"/>].</param>
    /// <param name="features">Features of one sample, at least 1.</param>
    /// <param name="labels">The class of each sample (0 to classes - 1): one per row of <paramref name="inputs"/>.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows, there are none, or the labels are not one per row.</exception>
    public TrainingData(float[] inputs, int features, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Count = Rows(inputs, features);
        if (labels.Length != Count)
        {
            throw new ArgumentException($"labels must hold one label per sample ({Count}); got {labels.Length}.", nameof(labels));
        }

        _inputs = inputs;
        _labels = labels;
        Features = features;
    }

    /// <summary>Samples with rows of targets.</summary>
    /// <param name="inputs">Row-major [count, <paramref name="features"/>].</param>
    /// <param name="features">Features of one sample, at least 1.</param>
    /// <param name="targets">Row-major [count, width]: one row of the network's outputs per sample.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows, there are none, or the targets are not one whole row per sample.</exception>
    public TrainingData(float[] inputs, int features, float[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Count = Rows(inputs, features);
        if (targets.Length == 0 || targets.Length % Count != 0)
        {
            throw new ArgumentException(
                $"targets must hold one row of equal width per sample ({Count} rows); got {targets.Length} values.", nameof(targets));
        }

        _inputs = inputs;
        _targets = targets;
        Features = features;
        TargetWidth = targets.Length / Count;
    }

    /// <summary>Labeled images (MNIST's training or test part), pixels scaled to [0, 1].</summary>
    /// <param name="images">The images and their labels; at least one.</param>
    /// <exception cref="ArgumentException">There are no images.</exception>
    public TrainingData(LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("images holds no samples.", nameof(images));
        }

        _images = images.Images;
        _imageLabels = images.Labels;
        Count = images.Count;
        Features = images.Images.PixelsPerImage;
    }

    private TrainingData(TrainingData whole, int start, int count)
    {
        _inputs = whole._inputs;
        _images = whole._images;
        _labels = whole._labels;
        _imageLabels = whole._imageLabels;
        _targets = whole._targets;
        Features = whole.Features;
        TargetWidth = whole.TargetWidth;
        _start = whole._start + start;
        Count = count;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Features of one sample: the network's <see cref="INetwork.InputSize"/>.</summary>
    public int Features { get; }

    /// <summary>True when each sample has a class label; false when it has a row of <see cref="TargetWidth"/> targets.</summary>
    public bool HasLabels => TargetWidth == 0;

    /// <summary>Targets per sample (the network's <see cref="INetwork.OutputSize"/>); 0 for labeled samples.</summary>
    public int TargetWidth { get; }

    /// <summary>The samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1, as a view.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or leaves the samples.</exception>
    public TrainingData Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        return new TrainingData(this, start, count);
    }

    /// <summary>
    /// Holds out the last <paramref name="validationFraction"/> of the samples for validation, as Keras's
    /// <c>validation_split</c> does: taken before any shuffling, so the split is the same on every run.
    /// </summary>
    /// <param name="validationFraction">In (0, 1); the validation part gets round(fraction * count) samples.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves either part empty.</exception>
    public (TrainingData Training, TrainingData Validation) Split(double validationFraction)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "validationFraction must be in (0, 1).");
        }

        int validation = (int)Math.Round(validationFraction * Count, MidpointRounding.AwayFromZero);
        if (validation < 1 || validation >= Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction), validationFraction, $"A fraction of {validationFraction} of {Count} samples leaves {validation} for validation and {Count - validation} for training; each part needs at least one.");
        }

        return (Slice(0, Count - validation), Slice(Count - validation, validation));
    }

    /// <summary>Writes sample <paramref name="sample"/>'s features (images scaled to [0, 1]).</summary>
    internal void CopyInput(int sample, Span<float> destination)
    {
        int row = _start + sample;
        if (_images is not null)
        {
            _images.CopyScaled(row, destination);
        }
        else
        {
            _inputs.AsSpan(row * Features, Features).CopyTo(destination);
        }
    }

    /// <summary>The class of sample <paramref name="sample"/> (labeled samples only).</summary>
    internal int Label(int sample) => _imageLabels is not null ? _imageLabels[_start + sample] : _labels![_start + sample];

    /// <summary>The targets of sample <paramref name="sample"/> (target rows only).</summary>
    internal ReadOnlySpan<float> Target(int sample) => _targets.AsSpan((_start + sample) * TargetWidth, TargetWidth);

    private static int Rows(float[] inputs, int features)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (inputs.Length == 0 || inputs.Length % features != 0)
        {
            throw new ArgumentException(
                $"inputs must hold whole rows of {features} features, at least one; got {inputs.Length} values.", nameof(inputs));
        }

        return inputs.Length / features;
    }
}
