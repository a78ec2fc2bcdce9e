using System.Collections.Generic;
using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>Emits the training members (ComputeGradients, TrainStep) and the backward pass that chains the kernels.</summary>
internal static class BackwardEmitter
{
    private const string Kernels = NetworkEmitter.Runtime + ".Kernels";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan";
    private const string Span = "global::System.Span";

    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    // public float TrainStep(..., labels, IOptimizer optimizer) / TrainStep(..., targets, IOptimizer optimizer)
    public static void EmitPublicMembers(SourceWriter w, NetworkPlan plan)
    {
        string labelRule = plan.OutputSize == 1
            ? "each 0 or 1, the target of the single output"
            : $"each a class in [0, {plan.OutputSize}), read as a one-hot target row";
        w.Lines($$"""
            /// <summary>
            /// Runs the batch forward and backward: returns the batch's loss ({{NetworkEmitter.LossName(plan.Loss)}}, a mean) and
            /// overwrites <see cref="Gradients"/> with its gradient.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; the batch may not exceed <see cref="MaxBatch"/>.</param>
            /// <param name="labels">One label per sample: {{labelRule}}.</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch, the batch exceeds MaxBatch, or a label is out of range.</exception>
            public float ComputeGradients({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels)
            {
                int batch = {{Kernels}}.ShapeChecks.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Kernels}}.ShapeChecks.ExpectLength(labels.Length, batch, 1, nameof(labels));
                {{Kernels}}.ShapeChecks.ExpectBatchAtMost(batch, _maxBatch, nameof(inputs));
                {{Span}}<float> targets = Rows(_targets, batch * OutputSize);
                {{Kernels}}.Targets.FromLabels(labels, OutputSize, targets, nameof(labels));
                return Backpropagate(inputs, targets, batch);
            }

            /// <summary>
            /// Runs the batch forward and backward: returns the batch's loss ({{NetworkEmitter.LossName(plan.Loss)}}, a mean) and
            /// overwrites <see cref="Gradients"/> with its gradient.
            /// </summary>
            /// <param name="inputs">Row-major [batch, InputSize]; the batch may not exceed <see cref="MaxBatch"/>.</param>
            /// <param name="targets">Row-major [batch, OutputSize]: the wanted outputs{{(plan.Loss == LossKind.SoftmaxCrossEntropy ? " (rows of class probabilities)" : "")}}.</param>
            /// <exception cref="global::System.ArgumentException">A length does not fit the batch or the batch exceeds MaxBatch.</exception>
            public float ComputeGradients({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<float> targets)
            {
                int batch = {{Kernels}}.ShapeChecks.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Kernels}}.ShapeChecks.ExpectLength(targets.Length, batch, OutputSize, nameof(targets));
                {{Kernels}}.ShapeChecks.ExpectBatchAtMost(batch, _maxBatch, nameof(inputs));
                return Backpropagate(inputs, targets, batch);
            }

            /// <summary>One step of training: <see cref="ComputeGradients(global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{int})"/>, then <paramref name="optimizer"/> updates <see cref="Parameters"/>.</summary>
            /// <returns>The batch's mean loss before the update.</returns>
            public float TrainStep({{ReadOnlySpan}}<float> inputs, {{ReadOnlySpan}}<int> labels, {{NetworkEmitter.Runtime}}.IOptimizer optimizer)
            {
                if (optimizer is null)
                {
                    throw new global::System.ArgumentNullException(nameof(optimizer));
                }

                float loss = ComputeGradients(inputs, labels);
                optimizer.Step(_parameters, _gradients);
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
                optimizer.Step(_parameters, _gradients);
                return loss;
            }
            """);
    }

    // private float Backpropagate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int batch)
    // {
    //     ForwardPass(x, batch);
    //     float loss = Losses.X(outputs, targets, dZL);          (fused where the output allows)
    //     DenseLWeightGradients(...); DenseLInputGradient(...);  ... down to layer 1
    //     return loss;
    // }
    public static void EmitBackpropagate(SourceWriter w, NetworkPlan plan)
    {
        string kernels = $"global::Compiled.Generated.{KernelEmitter.ClassName(plan.Spec)}";
        DensePlan output = plan.Output;
        int last = output.Index;
        string Batch(string width) => $"batch * {width}";

        w.Line("// Forward, then the loss and its gradient, then each layer's backward kernels from the output");
        w.Line("// to the input. Returns the mean loss; leaves dLoss/dParameters in Gradients.");
        using (w.OpenBlock($"private float Backpropagate({ReadOnlySpan}<float> x, {ReadOnlySpan}<float> targets, int batch)"))
        {
            w.Line("// Split as the forward pass was: a large batch across threads, the kernels in parts (see Run).");
            w.Line("int parts = PartsFor(batch);");
            w.Line("ForwardPass(x, batch);");
            w.Line();

            string outputs = $"Rows({WorkBuffer.OutputField(plan)}, {Batch(output.Out)})";
            string dZ = $"Rows(_dZ{last}, {Batch(output.Out)})";
            string lossGradient = plan.NeedsOutputGradient ? $"Rows(_dA, {Batch(output.Out)})" : dZ;
            if (plan.FusedSoftmaxCrossEntropy)
            {
                w.Line($"// Softmax cross-entropy fused with the softmax: dZ{last} = (p - t) / batch.");
                w.Line($"float loss = {Kernels}.Losses.SoftmaxCrossEntropy({outputs}, targets, OutputSize, {dZ});");
            }
            else if (plan.FusedSigmoidCrossEntropy)
            {
                w.Line($"// Binary cross-entropy fused with the sigmoid: dZ{last} = (y - t) / (batch * OutputSize).");
                w.Line($"float loss = {Kernels}.Losses.BinaryCrossEntropyOfSigmoid({outputs}, targets, {dZ});");
            }
            else
            {
                // Softmax cross-entropy is always fused: the validator admits only an Identity or Softmax output under it.
                string call = plan.Loss == LossKind.BinaryCrossEntropy
                    ? $"BinaryCrossEntropy({outputs}, targets, {lossGradient})"
                    : $"MeanSquaredError({outputs}, targets, {lossGradient})";
                w.Line($"// {char.ToUpperInvariant(NetworkEmitter.LossName(plan.Loss)[0])}{NetworkEmitter.LossName(plan.Loss).Substring(1)} of a{last} and its gradient{(plan.NeedsOutputGradient ? $" dL/da{last}" : $", dZ{last} (the output is linear)")}.");
                w.Line($"float loss = {Kernels}.Losses.{call};");
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
