using System.Collections.Generic;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits the training members (ComputeLoss, ComputeGradients, TrainStep), the loss of the output and the backward
/// pass that chains the kernels.
/// </summary>
internal static class BackwardEmitter
{
    private const string Kernels = NetworkEmitter.Runtime + ".Kernels";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan";
    private const string Span = "global::System.Span";

    // public float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<int> classes = default)
    // public float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> outputs = default)
    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels[, Span<int> classes])
    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    // public float TrainStep(..., labels, IOptimizer optimizer[, Span<int> classes]) / TrainStep(..., targets, IOptimizer optimizer)
    public static void EmitPublicMembers(SourceWriter w, NetworkPlan plan)
    {
        string loss = NetworkEmitter.LossName(plan.Loss);
        string labelRule = plan.OutputSize == 1
            ? "each 0 or 1, the target of the single output"
            : $"each a class in [0, {plan.OutputSize}), read as a one-hot target row";
        string targetRule = plan.Loss == LossKind.SoftmaxCrossEntropy ? " (rows of class probabilities)" : "";
        string classesRule = "Empty (nothing written) or one element per sample: receives each sample's predicted class, "
            + "as <see cref=\"Predict(global::System.ReadOnlySpan{float}, global::System.Span{int})\"/> gives it, from this pass's outputs";
        w.Lines($$"""
            /// <summary>
            /// Runs the batch forward alone and returns its loss ({{loss}}, a mean), the value
            /// <c>ComputeGradients</c> returns, without the backward pass: <see cref="Parameters"/> and <see cref="Gradients"/>
            /// keep their values (Keras's <c>evaluate</c>). Dropout applies while <see cref="Training"/> is true.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; a batch larger than <see cref="MaxBatch"/> is processed in chunks.</param>
            /// <param name="labels">One label per sample: {{labelRule}}.</param>
            /// <param name="classes">{{classesRule}}.</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch, or a label is out of range (checked before any work).</exception>
            /// <remarks>Allocates nothing.</remarks>
            public float ComputeLoss({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels, {{Span}}<int> classes = default)
            {
                int batch = {{Kernels}}.ShapeChecks.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Kernels}}.ShapeChecks.ExpectLength(labels.Length, batch, 1, nameof(labels));
                {{Kernels}}.ShapeChecks.ExpectLengthOrEmpty(classes.Length, batch, 1, nameof(classes));
                {{Kernels}}.Targets.ExpectLabels(labels, OutputSize, nameof(labels));
                double sum = 0;
                for (int start = 0; start < batch; start += _maxBatch)
                {
                    int count = global::System.Math.Min(_maxBatch, batch - start);
                    {{Span}}<float> targets = Rows(_targets, count * OutputSize);
                    {{Kernels}}.Targets.FromLabels(labels.Slice(start, count), OutputSize, targets, nameof(labels));
                    ForwardPass(inputs.Slice(start * InputSize, count * InputSize), count);
                    sum += (double)OutputLoss(targets, count) * count;
                    if (!classes.IsEmpty)
                    {
                        ClassesOf(classes.Slice(start, count));
                    }
                }

                // The mean over every sample: one chunk's mean comes back unchanged.
                return (float)(sum / batch);
            }

            /// <summary>
            /// Runs the batch forward alone and returns its loss ({{loss}}, a mean), the value
            /// <c>ComputeGradients</c> returns, without the backward pass: <see cref="Parameters"/> and <see cref="Gradients"/>
            /// keep their values (Keras's <c>evaluate</c>). Dropout applies while <see cref="Training"/> is true.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; a batch larger than <see cref="MaxBatch"/> is processed in chunks.</param>
            /// <param name="targets">Row-major [batch, OutputSize]: the wanted outputs{{targetRule}}.</param>
            /// <param name="outputs">Empty (nothing written) or row-major [batch, OutputSize]: receives the outputs <see cref="Forward"/> gives, from this pass.</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch.</exception>
            /// <remarks>Allocates nothing.</remarks>
            public float ComputeLoss({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<float> targets, {{Span}}<float> outputs = default)
            {
                int batch = {{Kernels}}.ShapeChecks.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Kernels}}.ShapeChecks.ExpectLength(targets.Length, batch, OutputSize, nameof(targets));
                {{Kernels}}.ShapeChecks.ExpectLengthOrEmpty(outputs.Length, batch, OutputSize, nameof(outputs));
                double sum = 0;
                for (int start = 0; start < batch; start += _maxBatch)
                {
                    int count = global::System.Math.Min(_maxBatch, batch - start);
                    ForwardPass(inputs.Slice(start * InputSize, count * InputSize), count);
                    sum += (double)OutputLoss(targets.Slice(start * OutputSize, count * OutputSize), count) * count;
                    if (!outputs.IsEmpty)
                    {
                        Rows({{WorkBuffer.OutputField(plan)}}, count * OutputSize).CopyTo(outputs.Slice(start * OutputSize));
                    }
                }

                // The mean over every sample: one chunk's mean comes back unchanged.
                return (float)(sum / batch);
            }

            /// <summary>
            /// Runs the batch forward and backward: returns the batch's loss ({{loss}}, a mean) and
            /// overwrites <see cref="Gradients"/> with its gradient.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; the batch may not exceed <see cref="MaxBatch"/>.</param>
            /// <param name="labels">One label per sample: {{labelRule}}.</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch, the batch exceeds MaxBatch, or a label is out of range.</exception>
            public float ComputeGradients({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels) =>
                ComputeGradients(inputs, labels, default);

            /// <summary>
            /// Runs the batch forward and backward: returns the batch's loss ({{loss}}, a mean),
            /// overwrites <see cref="Gradients"/> with its gradient and writes the predicted classes of the same pass.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; the batch may not exceed <see cref="MaxBatch"/>.</param>
            /// <param name="labels">One label per sample: {{labelRule}}.</param>
            /// <param name="classes">{{classesRule}} (with the dropout mask the gradient saw).</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch, the batch exceeds MaxBatch, or a label is out of range.</exception>
            public float ComputeGradients({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels, {{Span}}<int> classes)
            {
                int batch = {{Kernels}}.ShapeChecks.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Kernels}}.ShapeChecks.ExpectLength(labels.Length, batch, 1, nameof(labels));
                {{Kernels}}.ShapeChecks.ExpectLengthOrEmpty(classes.Length, batch, 1, nameof(classes));
                {{Kernels}}.ShapeChecks.ExpectBatchAtMost(batch, _maxBatch, nameof(inputs));
                {{Span}}<float> targets = Rows(_targets, batch * OutputSize);
                {{Kernels}}.Targets.FromLabels(labels, OutputSize, targets, nameof(labels));
                return Backpropagate(inputs, targets, batch, classes);
            }

            /// <summary>
            /// Runs the batch forward and backward: returns the batch's loss ({{NetworkEmitter.LossName(plan.Loss)}}, a mean) and
            /// overwrites <see cref="Gradients"/> with its gradient.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; the batch may not exceed <see cref="MaxBatch"/>.</param>
            /// <param name="targets">Row-major [batch, OutputSize]: the wanted outputs{{targetRule}}.</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch or the batch exceeds MaxBatch.</exception>
            public float ComputeGradients({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<float> targets)
            {
                int batch = {{Kernels}}.ShapeChecks.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Kernels}}.ShapeChecks.ExpectLength(targets.Length, batch, OutputSize, nameof(targets));
                {{Kernels}}.ShapeChecks.ExpectBatchAtMost(batch, _maxBatch, nameof(inputs));
                return Backpropagate(inputs, targets, batch, default);
            }

            /// <summary>One step of training: <see cref="ComputeGradients(global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{int})"/>, then <paramref name="optimizer"/> updates <see cref="Parameters"/>.</summary>
            /// <returns>The batch's mean loss before the update.</returns>
            public float TrainStep({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels, {{NetworkEmitter.Runtime}}.IOptimizer optimizer) =>
                TrainStep(inputs, labels, optimizer, default);

            /// <summary>
            /// One step of training: <see cref="ComputeGradients(global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{int}, global::System.Span{int})"/>, then <paramref name="optimizer"/> updates <see cref="Parameters"/>;
            /// <paramref name="classes"/> gets the classes predicted before the update, at no extra pass (Keras's training accuracy).
            /// </summary>
            /// <returns>The batch's mean loss before the update.</returns>
            public float TrainStep({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels, {{NetworkEmitter.Runtime}}.IOptimizer optimizer, {{Span}}<int> classes)
            {
                if (optimizer is null)
                {
                    throw new global::System.ArgumentNullException(nameof(optimizer));
                }

                float loss = ComputeGradients(inputs, labels, classes);
                optimizer.Step(_parameters.Span, _gradients.Span);
                return loss;
            }

            /// <summary>One step of training: <see cref="ComputeGradients(global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{float})"/>, then <paramref name="optimizer"/> updates <see cref="Parameters"/>.</summary>
            /// <returns>The batch's mean loss before the update.</returns>
            public float TrainStep({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<float> targets, {{NetworkEmitter.Runtime}}.IOptimizer optimizer)
            {
                if (optimizer is null)
                {
                    throw new global::System.ArgumentNullException(nameof(optimizer));
                }

                float loss = ComputeGradients(inputs, targets);
                optimizer.Step(_parameters.Span, _gradients.Span);
                return loss;
            }
            """);
    }

    // private float OutputLoss(ReadOnlySpan<float> targets, int batch) => Losses.X(outputs, targets, dZL);
    // private float Backpropagate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int batch, Span<int> classes)
    // {
    //     ForwardPass(x, batch); classes from the outputs;
    //     float loss = OutputLoss(targets, batch);               (fused with the output's activation where it allows)
    //     DenseLWeightGradients(...); DenseLInputGradient(...);  ... down to layer 1
    //     return loss;
    // }
    public static void EmitBackpropagate(SourceWriter w, NetworkPlan plan)
    {
        string kernels = $"global::Compiled.Generated.{KernelEmitter.ClassName(plan.Spec)}";
        DensePlan output = plan.Output;
        int last = output.Index;
        string Batch(string width) => $"batch * {width}";

        string outputs = $"Rows({WorkBuffer.OutputField(plan)}, {Batch(output.Out)})";
        string dZ = $"Rows(_dZ{last}, {Batch(output.Out)})";
        string lossGradient = plan.NeedsOutputGradient ? $"Rows(_dA, {Batch(output.Out)})" : dZ;
        string call;
        if (plan.FusedSoftmaxCrossEntropy)
        {
            w.Line($"// The mean loss of the last forward pass's rows against targets. Softmax cross-entropy fused with the");
            w.Line($"// softmax: its gradient dZ{last} = (p - t) / batch is written too, where the backward pass starts.");
            call = $"SoftmaxCrossEntropy({outputs}, targets, OutputSize, {dZ})";
        }
        else if (plan.FusedSigmoidCrossEntropy)
        {
            w.Line($"// The mean loss of the last forward pass's rows against targets. Binary cross-entropy fused with the");
            w.Line($"// sigmoid: its gradient dZ{last} = (y - t) / (batch * OutputSize) is written too, where the backward pass starts.");
            call = $"BinaryCrossEntropyOfSigmoid({outputs}, targets, {dZ})";
        }
        else
        {
            // Softmax cross-entropy is always fused: the validator admits only an Identity or Softmax output under it.
            string name = NetworkEmitter.LossName(plan.Loss);
            w.Line($"// The mean loss of the last forward pass's rows against targets: {name} of a{last}, with its gradient");
            w.Line(plan.NeedsOutputGradient
                ? $"// dL/da{last} written too, where the backward pass starts."
                : $"// dZ{last} (the output is linear) written too, where the backward pass starts.");
            call = plan.Loss == LossKind.BinaryCrossEntropy
                ? $"BinaryCrossEntropy({outputs}, targets, {lossGradient})"
                : $"MeanSquaredError({outputs}, targets, {lossGradient})";
        }

        w.Line($"private float OutputLoss({ReadOnlySpan}<float> targets, int batch) =>");
        w.Line($"    {Kernels}.Losses.{call};");
        w.Line();

        w.Line("// Forward, then the loss and its gradient, then each layer's backward kernels from the output");
        w.Line("// to the input. Returns the mean loss; leaves dLoss/dParameters in Gradients and, unless `classes`");
        w.Line("// is empty, each sample's predicted class in it.");
        using (w.OpenBlock($"private float Backpropagate({ReadOnlySpan}<float> x, {ReadOnlySpan}<float> targets, int batch, {Span}<int> classes)"))
        {
            w.Line("// Split as the forward pass was: a large batch across threads, the kernels in parts (see Run).");
            w.Line("int parts = PartsFor(batch);");
            w.Line("ForwardPass(x, batch);");
            using (w.OpenBlock("if (!classes.IsEmpty)"))
            {
                w.Line("ClassesOf(classes);");
            }

            w.Line();
            w.Line("float loss = OutputLoss(targets, batch);");
            if (!plan.FusedSoftmaxCrossEntropy && !plan.FusedSigmoidCrossEntropy)
            {
                // A PReLU output goes through its own pass, with its slopes' gradient (in the layer loop below).
                if (plan.NeedsOutputGradient && !output.LearnsSlopes)
                {
                    var arguments = new List<string> { lossGradient, $"Rows(_a{last}, {Batch(output.Out)})" };
                    if (output.KeepsPreActivation && output.Activation != ActivationKind.Softmax)
                    {
                        arguments.Add($"Rows(_z{last}, {Batch(output.Out)})");
                    }

                    arguments.Add(dZ);
                    arguments.Add("batch");
                    w.Line($"// dZ{last} = dL/da{last} through layer {last}'s activation.");
                    w.Line($"{kernels}.Dense{last}OutputGradient({string.Join(", ", arguments)});");
                }
            }

            for (int index = plan.Layers.Count - 1; index >= 0; index--)
            {
                DensePlan layer = plan.Layers[index];
                int k = layer.Index;
                w.Line();
                if (layer.LearnsSlopes)
                {
                    PReluEmitter.EmitBackward(w, plan, layer);
                }

                string gradients = layer.HasBias ? $"dW{k} and db{k}" : $"dW{k} alone, no bias";
                w.Line(layer.IsFirst
                    ? $"// Layer {k}: {gradients} (no gradient flows into the inputs)."
                    : layer.ReadsFeatures
                        ? $"// Layer {k}: {gradients}, then dZ0 = dL/da0, the gradient of the image stages' features."
                        : $"// Layer {k}: {gradients}, then dZ{k - 1} through layer {k - 1}'s activation.");
                if (layer.HasBias)
                {
                    w.Line($"{kernels}.Dense{k}BiasGradients(Rows(_dZ{k}, {Batch(layer.Out)}), Gradient({layer.B}, {layer.Out}), batch);");
                }

                if (KernelEmitter.PacksDeltas(layer))
                {
                    w.Line($"{kernels}.Dense{k}PackDeltas(Rows(_dZ{k}, {Batch(layer.Out)}), _dZPanels, batch);");
                }

                // The first layer's parts read the caller's x, which Run hands to every part.
                w.Line($"Run(ParallelKernel.Dense{k}WeightGradients, batch, parts{(layer.IsFirst ? ", x" : "")});");

                if (!layer.IsFirst)
                {
                    w.Line($"Run(ParallelKernel.Dense{k}PackTransposedWeights, batch, parts);");
                    w.Line($"Run(ParallelKernel.Dense{k}InputGradient, batch, parts);");
                    if (layer.HasDropout)
                    {
                        using (w.OpenBlock("if (Training)"))
                        {
                            w.Line($"// Dropped units passed nothing forward, so they get no gradient: dZ{k - 1} *= m{k}.");
                            w.Line($"{Kernels}.Dropout.Backward(Rows(_dZ{k - 1}, {Batch(layer.In)}), Rows(_m{k}, {Batch(layer.In)}), Rows(_dZ{k - 1}, {Batch(layer.In)}));");
                        }
                    }
                }
            }

            ImageEmitter.EmitBackwardStep(w, plan);
            w.Line();
            w.Line("return loss;");
        }
    }
}
