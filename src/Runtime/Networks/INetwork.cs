using System;

namespace Compiled;

/// <summary>
/// What every generated network offers, so code can train or evaluate any of them (a training loop, a
/// test harness) without knowing its sizes. Calls through the interface cost one virtual call each; the
/// generated class's own members are the fast path.
/// </summary>
/// <remarks>Batches are row-major [batch, features] float32 spans, as on the generated members.</remarks>
public interface INetwork
{
    /// <summary>Features of one input sample.</summary>
    int InputSize { get; }

    /// <summary>Outputs of one sample.</summary>
    int OutputSize { get; }

    /// <summary>Every weight and bias: the length of <see cref="Parameters"/> and <see cref="Gradients"/>.</summary>
    int ParameterCount { get; }

    /// <summary>The most samples one call processes at once.</summary>
    int MaxBatch { get; }

    /// <summary>Every weight and bias in one buffer.</summary>
    Span<float> Parameters { get; }

    /// <summary>The gradient of the last loss, in the layout of <see cref="Parameters"/>.</summary>
    Span<float> Gradients { get; }

    /// <summary>While true, dropout is active.</summary>
    bool Training { get; set; }

    /// <summary>The most threads one call may use (at least 1; all logical processors by default). Large batches are split; results do not depend on it.</summary>
    int Threads { get; set; }

    /// <summary>Runs the network on a batch and writes its outputs.</summary>
    void Forward(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>The predicted class of one sample.</summary>
    int Predict(ReadOnlySpan<float> input);

    /// <summary>The predicted class of each sample of a batch.</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<int> classes);

    /// <summary>
    /// Returns the batch's mean loss against class labels from a forward pass alone (<see cref="Parameters"/> and
    /// <see cref="Gradients"/> unchanged); unless <paramref name="classes"/> is empty, writes each sample's predicted class.
    /// </summary>
    float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<int> classes = default);

    /// <summary>
    /// Returns the batch's mean loss against target rows from a forward pass alone (<see cref="Parameters"/> and
    /// <see cref="Gradients"/> unchanged); unless <paramref name="outputs"/> is empty, writes the outputs.
    /// </summary>
    float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> outputs = default);

    /// <summary>Returns the batch's mean loss against class labels and overwrites <see cref="Gradients"/>.</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

    /// <summary>
    /// Returns the batch's mean loss against class labels, overwrites <see cref="Gradients"/> and, unless
    /// <paramref name="classes"/> is empty, writes each sample's predicted class from the same forward pass.
    /// </summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<int> classes);

    /// <summary>Returns the batch's mean loss against target rows and overwrites <see cref="Gradients"/>.</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int})"/>, then one optimizer step.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, IOptimizer optimizer);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{int})"/>, then one optimizer step: the classes are those before the update.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, IOptimizer optimizer, Span<int> classes);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, then one optimizer step.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, IOptimizer optimizer);

    /// <summary>Writes the weights as safetensors, atomically; given an optimizer, a checkpoint that resumes training exactly.</summary>
    void Save(string path, IOptimizer? optimizer = null);

    /// <summary>Writes the weights (and, given an optimizer, a checkpoint's state) to a stream as safetensors.</summary>
    void Save(System.IO.Stream stream, IOptimizer? optimizer = null);

    /// <summary>Reads weights checked against the declaration; given an optimizer, restores a checkpoint's state too.</summary>
    void Load(string path, IOptimizer? optimizer = null);

    /// <summary>Reads weights (and, given an optimizer, a checkpoint's state) from a stream.</summary>
    void Load(System.IO.Stream stream, IOptimizer? optimizer = null);

    /// <summary>Writes the network as an ONNX model, atomically.</summary>
    void ExportOnnx(string path);

    /// <summary>Writes the network as an ONNX model to a stream.</summary>
    void ExportOnnx(System.IO.Stream stream);
}
