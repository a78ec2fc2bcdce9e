namespace Compiled.Training;

/// <summary>A network's mean loss on some samples and, for labeled samples, its accuracy (Keras's <c>model.evaluate</c>).</summary>
/// <param name="Loss">The mean loss over the samples, dropout off.</param>
/// <param name="Accuracy">The fraction of samples whose predicted class is their label; null for samples with target rows.</param>
public readonly record struct Evaluation(double Loss, double? Accuracy);
