namespace Compiled.Training;

/// <summary>A quantity of each epoch that <see cref="EarlyStopping"/> and <see cref="ReduceLROnPlateau"/> watch.</summary>
public enum Monitored
{
    /// <summary>The loss on the validation data (Keras's <c>val_loss</c>); lower is better. The default.</summary>
    ValidationLoss,

    /// <summary>The mean training loss of the epoch; lower is better.</summary>
    Loss,

    /// <summary>The fraction of validation samples classified right; higher is better.</summary>
    ValidationAccuracy,

    /// <summary>The fraction of training samples classified right (<see cref="Trainer.MeasureTrainingAccuracy"/>); higher is better.</summary>
    Accuracy,
}
