using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Compiled.Data;

namespace Compiled.Training;

/// <summary>
/// Trains any generated network the way Keras's <c>model.fit</c> does: epochs of shuffled mini-batches, a learning-rate
/// schedule, a validation set or split scored after each epoch, callbacks, progress, cancellation, and a
/// <see cref="TrainingHistory"/> of the run.
/// </summary>
/// <example>
/// <code>
/// var trainer = new Trainer(net, new Sgd(0.1f), batchSize: 100, seed: 1)
/// {
///     Schedule = new StepDecay(0.1f, factor: 0.5f, stepEpochs: 2),
///     Callbacks = { new EarlyStopping(patience: 3) },
/// };
/// TrainingHistory history = trainer.Fit(new TrainingData(mnist.Train), epochs: 10, validation: new TrainingData(mnist.Test));
/// </code>
/// </example>
/// <remarks>
/// The batch buffers are allocated here, once; an epoch's batches then allocate nothing (a batch is copied into them,
/// <c>TrainStep</c> allocates nothing, and callbacks get a <see cref="BatchEnd"/> value). Per epoch the trainer
/// allocates its bookkeeping: the <see cref="EpochSummary"/> and the history's entry.
/// </remarks>
public sealed class Trainer
{
    private readonly float[] _inputs;
    private readonly int[] _labels;
    private readonly float[] _targets;
    private readonly int[] _predicted;
    private ITrainingCallback[] _callbacks = [];
    private SampleOrder? _order;
    private bool _stopRequested;

    /// <summary>Prepares to train <paramref name="network"/> with <paramref name="optimizer"/>; allocates one batch's buffers.</summary>
    /// <param name="network">The network; its <see cref="INetwork.MaxBatch"/> must hold <paramref name="batchSize"/> samples.</param>
    /// <param name="optimizer">The optimizer; with a <see cref="Schedule"/>, it must implement <see cref="ILearningRate"/> (every optimizer of the runtime does).</param>
    /// <param name="batchSize">Samples per step, 1 to the network's MaxBatch; 32 by default, as Keras.</param>
    /// <param name="seed">Seeds the order of the samples in every epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1 or above the network's MaxBatch.</exception>
    public Trainer(INetwork network, IOptimizer optimizer, int batchSize = 32, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (batchSize > network.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize), batchSize, $"batchSize must be at most the network's MaxBatch, {network.MaxBatch}: construct the network with maxBatch: {batchSize} or more.");
        }

        Network = network;
        Optimizer = optimizer;
        BatchSize = batchSize;
        Seed = seed;
        _inputs = new float[batchSize * network.InputSize];
        _labels = new int[batchSize];
        _targets = new float[batchSize * network.OutputSize];
        _predicted = new int[batchSize];
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>Samples per step; an epoch's last batch may be smaller.</summary>
    public int BatchSize { get; }

    /// <summary>Seeds the order of the samples; the same seed visits them in the same orders.</summary>
    public ulong Seed { get; }

    /// <summary>Whether each epoch visits the samples in a fresh random order (true, the default) or in their order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// The learning rate of each epoch, set on the optimizer before the epoch; null (the default) leaves the optimizer's
    /// rate alone. With a schedule, the history records each epoch's rate as the metric <c>learning_rate</c>.
    /// </summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Whether to measure the training accuracy of labeled data (the metric <c>accuracy</c>): each batch's classes come
    /// from its training step's own forward pass, before the update and with the step's dropout mask, as Keras measures
    /// it. Costs no extra pass and does not change what is learned; false by default.
    /// </summary>
    public bool MeasureTrainingAccuracy { get; init; }

    /// <summary>Callbacks run by <see cref="Fit(TrainingData, int, TrainingData?, IProgress{EpochSummary}?, CancellationToken)"/>, in order.</summary>
    public IList<ITrainingCallback> Callbacks { get; } = new List<ITrainingCallback>();

    /// <summary>What the current or last run measured, epoch by epoch; empty before the first.</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>The epoch being trained (from 1), or the last one trained once a run is over.</summary>
    public int Epoch { get; private set; }

    /// <summary>
    /// Ends the run after the current epoch (Keras's <c>model.stop_training = True</c>); what <see cref="EarlyStopping"/>
    /// calls. The epoch finishes, is validated and recorded, and <see cref="ITrainingCallback.OnTrainEnd"/> runs.
    /// </summary>
    public void StopTraining() => _stopRequested = true;

    /// <summary>Trains on the first part of <paramref name="training"/> and validates on the last <paramref name="validationSplit"/> of it (Keras's <c>validation_split</c>).</summary>
    /// <param name="training">The samples; the validation part is cut off before any shuffling (<see cref="TrainingData.Split"/>).</param>
    /// <param name="epochs">Passes over the training part, at least 1.</param>
    /// <param name="validationSplit">The fraction held out, in (0, 1).</param>
    /// <param name="progress">Receives each epoch's summary as it ends.</param>
    /// <param name="cancellationToken">Checked after every batch.</param>
    /// <returns><see cref="History"/>.</returns>
    public TrainingHistory Fit(
        TrainingData training, int epochs, double validationSplit,
        IProgress<EpochSummary>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        (TrainingData train, TrainingData validation) = training.Split(validationSplit);
        return Fit(train, epochs, validation, progress, cancellationToken);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs: for each, sets the scheduled rate, steps through the training samples
    /// in batches (dropout on), scores the validation data (dropout off), records the epoch in <see cref="History"/>,
    /// then runs the callbacks and reports progress. Starts a new <see cref="History"/>.
    /// </summary>
    /// <param name="training">Samples whose features match the network's inputs (and targets its outputs).</param>
    /// <param name="epochs">Passes over the training samples, at least 1; fewer run if a callback stops training.</param>
    /// <param name="validation">Samples scored after each epoch, or null.</param>
    /// <param name="progress">Receives each epoch's summary as it ends, on this thread.</param>
    /// <param name="cancellationToken">Checked after every batch: a cancellation stops the run before the next step.</param>
    /// <returns><see cref="History"/>, the epochs trained.</returns>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    /// <exception cref="InvalidOperationException">There is a <see cref="Schedule"/> and the optimizer's rate cannot be set.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; <see cref="History"/> holds the epochs completed before.</exception>
    public TrainingHistory Fit(
        TrainingData training, int epochs, TrainingData? validation = null,
        IProgress<EpochSummary>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ExpectFits(training, nameof(training));
        if (validation is not null)
        {
            ExpectFits(validation, nameof(validation));
        }

        ILearningRate? rate = Optimizer as ILearningRate;
        if (Schedule is not null && rate is null)
        {
            throw new InvalidOperationException(
                $"The trainer has a Schedule, which sets the optimizer's learning rate, but {Optimizer.GetType().Name} does not implement ILearningRate.");
        }

        if (_order is null || _order.Indices.Length != training.Count)
        {
            _order = new SampleOrder(training.Count, Seed);
        }

        cancellationToken.ThrowIfCancellationRequested();
        _callbacks = [.. Callbacks];
        _stopRequested = false;
        History = new TrainingHistory();
        Epoch = 0;
        foreach (ITrainingCallback callback in _callbacks)
        {
            callback.OnTrainBegin(this);
        }

        for (int epoch = 1; epoch <= epochs && !_stopRequested; epoch++)
        {
            Epoch = epoch;
            if (Schedule is not null)
            {
                rate!.LearningRate = Schedule.Rate(epoch - 1);
            }

            var clock = Stopwatch.StartNew();
            (double loss, double? accuracy) = TrainEpoch(training, epoch, cancellationToken);
            Evaluation? scored = validation is null ? null : Evaluate(validation);
            var summary = new EpochSummary(epoch, loss, accuracy, scored?.Loss, scored?.Accuracy, rate?.LearningRate, clock.Elapsed);
            Record(summary);
            Schedule?.EpochEnded(summary);
            foreach (ITrainingCallback callback in _callbacks)
            {
                callback.OnEpochEnd(this, summary);
            }

            progress?.Report(summary);
        }

        foreach (ITrainingCallback callback in _callbacks)
        {
            callback.OnTrainEnd(this);
        }

        return History;
    }

    /// <summary>
    /// The network's mean loss on <paramref name="data"/> and, for labeled data, its accuracy; dropout off (Keras's
    /// <c>model.evaluate</c>). Runs in batches of <see cref="BatchSize"/>, one forward pass each
    /// (<see cref="INetwork.ComputeLoss(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{int})"/>): the network's parameters
    /// and gradients keep their values.
    /// </summary>
    /// <param name="data">Samples that fit the network.</param>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    public Evaluation Evaluate(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ExpectFits(data, nameof(data));
        bool training = Network.Training;
        Network.Training = false;
        try
        {
            double lossSum = 0;
            int correct = 0;
            for (int start = 0; start < data.Count; start += BatchSize)
            {
                int size = Math.Min(BatchSize, data.Count - start);
                ReadOnlySpan<float> inputs = FillRange(data, start, size);
                if (data.HasLabels)
                {
                    ReadOnlySpan<int> labels = _labels.AsSpan(0, size);
                    Span<int> predicted = _predicted.AsSpan(0, size);
                    lossSum += (double)Network.ComputeLoss(inputs, labels, predicted) * size;
                    correct += CountCorrect(predicted, labels);
                }
                else
                {
                    lossSum += (double)Network.ComputeLoss(inputs, _targets.AsSpan(0, size * data.TargetWidth)) * size;
                }
            }

            return new Evaluation(lossSum / data.Count, data.HasLabels ? (double)correct / data.Count : null);
        }
        finally
        {
            Network.Training = training;
        }
    }

    // One pass over the training samples in this epoch's order. Allocates nothing: the batch is copied into the
    // trainer's buffers, and callbacks get a BatchEnd value.
    private (double Loss, double? Accuracy) TrainEpoch(TrainingData data, int epoch, CancellationToken cancellationToken)
    {
        SampleOrder order = _order!;
        if (Shuffle)
        {
            order.Shuffle();
        }

        bool measureAccuracy = MeasureTrainingAccuracy && data.HasLabels;
        int batches = (data.Count + BatchSize - 1) / BatchSize;
        double lossSum = 0;
        int seen = 0, correct = 0;
        Network.Training = true;
        try
        {
            for (int b = 0; b < batches; b++)
            {
                int size = Math.Min(BatchSize, data.Count - seen);
                ReadOnlySpan<float> inputs = FillOrdered(data, order, seen, size);
                float loss;
                if (data.HasLabels)
                {
                    ReadOnlySpan<int> labels = _labels.AsSpan(0, size);
                    if (measureAccuracy)
                    {
                        Span<int> predicted = _predicted.AsSpan(0, size);
                        loss = Network.TrainStep(inputs, labels, Optimizer, predicted);
                        correct += CountCorrect(predicted, labels);
                    }
                    else
                    {
                        loss = Network.TrainStep(inputs, labels, Optimizer);
                    }
                }
                else
                {
                    loss = Network.TrainStep(inputs, _targets.AsSpan(0, size * data.TargetWidth), Optimizer);
                }

                lossSum += (double)loss * size;
                seen += size;
                var end = new BatchEnd(epoch, b, batches, loss, seen, lossSum / seen);
                for (int c = 0; c < _callbacks.Length; c++)
                {
                    _callbacks[c].OnBatchEnd(this, in end);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            Network.Training = false;
        }

        return (lossSum / seen, measureAccuracy ? (double)correct / seen : null);
    }

    // Adds an epoch to the history: the loss, the rate when scheduled, and the accuracies measured.
    private void Record(EpochSummary summary)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (summary.Accuracy is double accuracy)
        {
            metrics["accuracy"] = accuracy;
        }

        if (Schedule is not null && summary.LearningRate is float rate)
        {
            metrics["learning_rate"] = rate;
        }

        Dictionary<string, double>? validationMetrics = summary.ValidationAccuracy is double validationAccuracy
            ? new(StringComparer.Ordinal) { ["accuracy"] = validationAccuracy }
            : null;
        History.Add(summary.Loss, metrics, summary.ValidationLoss, validationMetrics);
    }

    // The samples order[first .. first + size - 1], copied into the batch buffers; returns the inputs.
    private ReadOnlySpan<float> FillOrdered(TrainingData data, SampleOrder order, int first, int size)
    {
        for (int i = 0; i < size; i++)
        {
            CopySample(data, order[first + i], i);
        }

        return _inputs.AsSpan(0, size * data.Features);
    }

    // The samples start .. start + size - 1 in their own order, copied into the batch buffers; returns the inputs.
    private ReadOnlySpan<float> FillRange(TrainingData data, int start, int size)
    {
        for (int i = 0; i < size; i++)
        {
            CopySample(data, start + i, i);
        }

        return _inputs.AsSpan(0, size * data.Features);
    }

    private void CopySample(TrainingData data, int sample, int row)
    {
        data.CopyInput(sample, _inputs.AsSpan(row * data.Features, data.Features));
        if (data.HasLabels)
        {
            _labels[row] = data.Label(sample);
        }
        else
        {
            data.Target(sample).CopyTo(_targets.AsSpan(row * data.TargetWidth, data.TargetWidth));
        }
    }

    // How many samples of the batch the network classifies as labeled, with the network's current dropout setting.
    private static int CountCorrect(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }

        return correct;
    }

    private void ExpectFits(TrainingData data, string paramName)
    {
        if (data.Features != Network.InputSize)
        {
            throw new ArgumentException($"{paramName} has {data.Features} features per sample; the network takes {Network.InputSize} inputs.", paramName);
        }

        if (!data.HasLabels && data.TargetWidth != Network.OutputSize)
        {
            throw new ArgumentException($"{paramName} has {data.TargetWidth} targets per sample; the network has {Network.OutputSize} outputs.", paramName);
        }
    }
}
