using System.Diagnostics;
using Compiled.Training;
using Spectre.Console;

namespace Compiled.Samples.Mnist;

/// <summary>
/// Shows the run as the tutorial prints it, one line per epoch: the cost, the test accuracy and the training speed; in a
/// terminal also a live bar per epoch (samples done, running loss, speed), redrawn a few times a second.
/// </summary>
/// <param name="output">Where the lines go.</param>
/// <param name="samplesPerEpoch">Training samples in an epoch, for the speed.</param>
/// <param name="epochs">Epochs in the run, for the bar's caption.</param>
/// <param name="bars">The live display's context in a terminal; null for plain lines.</param>
internal sealed class EpochDisplay(Output output, int samplesPerEpoch, int epochs, ProgressContext? bars) : ITrainingCallback
{
    private readonly Stopwatch _epochClock = new();
    private TimeSpan _trainingTime;
    private ProgressTask? _bar;
    private long _shownAt;

    /// <inheritdoc/>
    public void OnTrainBegin(Trainer trainer) => _epochClock.Restart();

    /// <inheritdoc/>
    public void OnBatchEnd(Trainer trainer, in BatchEnd batch)
    {
        if (batch.Batch == batch.BatchesPerEpoch - 1)
        {
            _trainingTime = _epochClock.Elapsed; // The speed counts training only, not the test set's scoring after it.
        }

        if (bars is null)
        {
            return;
        }

        _bar ??= bars.AddTask($"Epoch {batch.Epoch:0000}/{epochs:0000}", maxValue: samplesPerEpoch);
        _bar.Value = batch.Samples;
        long now = _epochClock.ElapsedMilliseconds;
        if (now - _shownAt >= 250)
        {
            _shownAt = now;
            _bar.Description = $"Epoch {batch.Epoch:0000}/{epochs:0000}  loss {batch.MeanLoss:F4}  {batch.Samples / _epochClock.Elapsed.TotalSeconds,7:N0} samples/s";
        }
    }

    /// <inheritdoc/>
    public void OnEpochEnd(Trainer trainer, EpochSummary summary)
    {
        if (_bar is not null)
        {
            _bar.StopTask();
            _bar = null;
        }

        output.Line(
            $"Epoch: {summary.Epoch:0000} cost = {summary.Loss:F9}, test accuracy {100 * summary.ValidationAccuracy:F2}%, " +
            $"{_trainingTime.TotalSeconds:F1} s ({samplesPerEpoch / _trainingTime.TotalSeconds:N0} samples/s)" +
            (trainer.Schedule is null ? "" : $", lr {summary.LearningRate:G3}"));
        _shownAt = 0;
        _epochClock.Restart();
    }
}
