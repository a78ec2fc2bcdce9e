namespace Compiled.Training;

/// <summary>
/// A learning rate for each epoch. <see cref="Trainer"/> sets the optimizer's <see cref="ILearningRate.LearningRate"/>
/// to <see cref="Rate"/> before each epoch, so any optimizer of the runtime follows any schedule.
/// </summary>
/// <remarks>
/// Epochs are counted from 0 here, as PyTorch's schedulers count them: <c>Rate(0)</c> is the rate of the first epoch.
/// A schedule that reacts to the run (<see cref="ReduceLROnPlateau"/>) learns of it through <see cref="EpochEnded"/>.
/// </remarks>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0 for the first): finite and &gt; 0.</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    float Rate(int epoch);

    /// <summary>Called after each epoch with what it measured; schedules fixed in advance ignore it.</summary>
    /// <param name="summary">The epoch just finished.</param>
    void EpochEnded(EpochSummary summary)
    {
    }
}
