using System;

namespace Compiled.Training;

/// <summary>What one epoch of <see cref="Trainer.Fit(TrainingData, int, TrainingData?, IProgress{EpochSummary}?, System.Threading.CancellationToken)"/> measured.</summary>
public sealed class EpochSummary
{
    /// <summary>Creates a summary.</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="loss">The mean training loss over the epoch's samples.</param>
    /// <param name="accuracy">The training accuracy, when measured.</param>
    /// <param name="validationLoss">The validation loss, when there is validation data.</param>
    /// <param name="validationAccuracy">The validation accuracy, when the validation data has class labels.</param>
    /// <param name="learningRate">The optimizer's learning rate during the epoch, when it has one.</param>
    /// <param name="elapsed">The time the epoch took, validation included.</param>
    public EpochSummary(int epoch, double loss, double? accuracy, double? validationLoss, double? validationAccuracy, float? learningRate, TimeSpan elapsed)
    {
        Epoch = epoch;
        Loss = loss;
        Accuracy = accuracy;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        LearningRate = learningRate;
        Elapsed = elapsed;
    }

    /// <summary>The epoch, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The mean training loss over the epoch's samples (each batch's mean loss weighted by its size).</summary>
    public double Loss { get; }

    /// <summary>The fraction of training samples classified right, or null when not measured.</summary>
    public double? Accuracy { get; }

    /// <summary>The loss on the validation data after the epoch, or null without validation data.</summary>
    public double? ValidationLoss { get; }

    /// <summary>The fraction of validation samples classified right, or null without labeled validation data.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>The optimizer's learning rate during the epoch, or null when the optimizer has none to read (<see cref="ILearningRate"/>).</summary>
    public float? LearningRate { get; }

    /// <summary>The time the epoch took, validation included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The value of <paramref name="monitor"/> this epoch.</summary>
    /// <exception cref="InvalidOperationException">The epoch did not measure it (no validation data, or no training accuracy).</exception>
    public double Value(Monitored monitor) => monitor switch
    {
        Monitored.Loss => Loss,
        Monitored.ValidationLoss => ValidationLoss ?? throw Missing(monitor, "Fit was given no validation data"),
        Monitored.ValidationAccuracy => ValidationAccuracy ?? throw Missing(monitor, "the validation data has no class labels, or there is none"),
        Monitored.Accuracy => Accuracy ?? throw Missing(monitor, "the trainer does not measure it: set MeasureTrainingAccuracy, with labeled data"),
        _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Unknown monitor."),
    };

    /// <summary>Whether a larger value of <paramref name="monitor"/> is better (accuracies) rather than a smaller one (losses).</summary>
    public static bool HigherIsBetter(Monitored monitor) => monitor is Monitored.Accuracy or Monitored.ValidationAccuracy;

    private static InvalidOperationException Missing(Monitored monitor, string why) =>
        new($"Epoch summaries have no {monitor} to monitor: {why}.");
}
