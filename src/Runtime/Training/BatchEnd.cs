namespace Compiled.Training;

/// <summary>What <see cref="ITrainingCallback.OnBatchEnd"/> learns after each training step; a value, so reporting it allocates nothing.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Batch">The batch within the epoch, from 0.</param>
/// <param name="BatchesPerEpoch">Batches in each epoch.</param>
/// <param name="Loss">The batch's mean loss, before the step.</param>
/// <param name="Samples">Samples trained on so far this epoch.</param>
/// <param name="MeanLoss">The mean loss over those samples: the epoch's running loss.</param>
public readonly record struct BatchEnd(int Epoch, int Batch, int BatchesPerEpoch, float Loss, int Samples, double MeanLoss);
