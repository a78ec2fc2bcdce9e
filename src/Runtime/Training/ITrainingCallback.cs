namespace Compiled.Training;

/// <summary>
/// Code that runs inside <see cref="Trainer.Fit(TrainingData, int, TrainingData?, System.IProgress{EpochSummary}?, System.Threading.CancellationToken)"/>,
/// as Keras's callbacks do: each method has an empty default, so a callback writes only what it needs. A callback ends
/// training early with <see cref="Trainer.StopTraining"/>.
/// </summary>
/// <remarks><see cref="OnBatchEnd"/> runs after every step: it should allocate nothing, to keep the loop allocation-free.</remarks>
public interface ITrainingCallback
{
    /// <summary>Before the first epoch.</summary>
    /// <param name="trainer">The trainer, its network and optimizer.</param>
    void OnTrainBegin(Trainer trainer)
    {
    }

    /// <summary>After each training step.</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="batch">The step's batch and loss.</param>
    void OnBatchEnd(Trainer trainer, in BatchEnd batch)
    {
    }

    /// <summary>After each epoch and its validation, once the epoch is in <see cref="Trainer.History"/>.</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="summary">What the epoch measured.</param>
    void OnEpochEnd(Trainer trainer, EpochSummary summary)
    {
    }

    /// <summary>After the last epoch, or the epoch after which a callback stopped training; not after a cancellation.</summary>
    /// <param name="trainer">The trainer.</param>
    void OnTrainEnd(Trainer trainer)
    {
    }
}
