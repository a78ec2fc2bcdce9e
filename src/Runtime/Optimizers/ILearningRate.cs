namespace Compiled;

/// <summary>
/// An optimizer whose learning rate can be changed between steps, which is what a learning-rate schedule needs
/// (<see cref="Training.Trainer.Schedule"/>). Every optimizer of the runtime implements it.
/// </summary>
public interface ILearningRate
{
    /// <summary>lr, finite and &gt; 0; the next <see cref="IOptimizer.Step"/> uses the value set here.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value set is not finite or not &gt; 0.</exception>
    float LearningRate { get; set; }
}
