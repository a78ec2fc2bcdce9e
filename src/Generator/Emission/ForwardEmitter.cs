using Compiled.Generator.Model;
using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>Emits the inference members (Forward, Predict) and the private forward pass that chains the kernels.</summary>
internal static class ForwardEmitter
{
    private const string Checks = NetworkEmitter.Runtime + ".Kernels.ShapeChecks";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan";
    private const string Span = "global::System.Span";

    // public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs)   chunks of maxBatch rows
    // public int Predict(ReadOnlySpan<float> input)
    // public void Predict(ReadOnlySpan<float> inputs, Span<int> classes)
    // private void ClassesOf(Span<int> classes), private int ClassOf(int row)
    public static void EmitPublicMembers(SourceWriter w, NetworkPlan plan)
    {
        string output = WorkBuffer.OutputField(plan);
        string outputMeaning = plan.Loss == LossKind.SoftmaxCrossEntropy ? "softmax probabilities" : "outputs";
        w.Lines($$"""
            /// <summary>Runs the network on a batch of samples and writes their {{outputMeaning}}.</summary>
            /// <param name="inputs">Row-major [batch, InputSize]: one or more samples of {{Features(plan.InputSize)}}.</param>
            /// <param name="outputs">Row-major [batch, OutputSize]: receives {{plan.OutputSize}} value{{(plan.OutputSize == 1 ? "" : "s")}} per sample.</param>
            /// <exception cref="global::System.ArgumentException">A span's length does not fit the sizes above; the message gives the expected length.</exception>
            /// <remarks>A batch larger than <see cref="MaxBatch"/> is processed in chunks. Allocates nothing.</remarks>
            public void Forward({{ReadOnlySpan}}<float> inputs, {{Span}}<float> outputs)
            {
                int batch = {{Checks}}.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Checks}}.ExpectLength(outputs.Length, batch, OutputSize, nameof(outputs));
                for (int start = 0; start < batch; start += _maxBatch)
                {
                    int count = global::System.Math.Min(_maxBatch, batch - start);
                    ForwardPass(inputs.Slice(start * InputSize, count * InputSize), count);
                    Rows({{output}}, count * OutputSize).CopyTo(outputs.Slice(start * OutputSize));
                }
            }

            /// <summary>The predicted class of one sample: {{ClassRule(plan)}}.</summary>
            /// <param name="input">One sample of {{Features(plan.InputSize)}}.</param>
            /// <exception cref="global::System.ArgumentException"><paramref name="input"/> is not InputSize long.</exception>
            public int Predict({{ReadOnlySpan}}<float> input)
            {
                {{Checks}}.ExpectLength(input.Length, 1, InputSize, nameof(input));
                ForwardPass(input, 1);
                return ClassOf(0);
            }

            /// <summary>The predicted class of each sample of a batch: {{ClassRule(plan)}}.</summary>
            /// <param name="inputs">Row-major [batch, InputSize].</param>
            /// <param name="classes">Receives one class per sample.</param>
            /// <exception cref="global::System.ArgumentException">A span's length does not fit the batch; the message gives the expected length.</exception>
            public void Predict({{ReadOnlySpan}}<float> inputs, {{Span}}<int> classes)
            {
                int batch = {{Checks}}.SampleCount(inputs.Length, InputSize, nameof(inputs));
                {{Checks}}.ExpectLength(classes.Length, batch, 1, nameof(classes));
                for (int start = 0; start < batch; start += _maxBatch)
                {
                    int count = global::System.Math.Min(_maxBatch, batch - start);
                    ForwardPass(inputs.Slice(start * InputSize, count * InputSize), count);
                    ClassesOf(classes.Slice(start, count));
                }
            }

            // The classes of the first classes.Length rows of the outputs.
            private void ClassesOf({{Span}}<int> classes)
            {
                for (int row = 0; row < classes.Length; row++)
                {
                    classes[row] = ClassOf(row);
                }
            }

            """);
        if (plan.OutputSize == 1)
        {
            w.Lines($$"""
                // The class of one row of the outputs: a single output is read as the probability of class 1.
                private int ClassOf(int row) => {{output}}[row] > 0.5f ? 1 : 0;
                """);
        }
        else
        {
            w.Lines($$"""
                // The class of one row of the outputs: the index of its largest value (the first, on a tie).
                private int ClassOf(int row)
                {
                    global::System.ReadOnlySpan<float> scores = new({{output}}, row * OutputSize, OutputSize);
                    int best = 0;
                    for (int j = 1; j < scores.Length; j++)
                    {
                        if (scores[j] > scores[best])
                        {
                            best = j;
                        }
                    }

                    return best;
                }
                """);
        }
    }

    // private void ForwardPass(ReadOnlySpan<float> x, int batch)
    // {
    //     bool packed = batch >= PackedFrom; int parts = PartsFor(batch);
    //     [dropout on the layer's input while Training]
    //     packed: Dense1PackWeights, then Dense1Forward (both split into parts) / otherwise Dense1ForwardFewRows
    //     ...
    // }
    public static void EmitForwardPass(SourceWriter w, NetworkPlan plan)
    {
        string kernels = $"global::Compiled.Generated.{KernelEmitter.ClassName(plan.Spec)}";
        w.Line("// Runs every layer's forward kernel on rows [0, batch) of x; each layer leaves its activations");
        w.Line("// in its buffer for the next layer and for the backward pass.");
        using (w.OpenBlock($"private void ForwardPass({ReadOnlySpan}<float> x, int batch)"))
        {
            w.Line($"// From {KernelEmitter.PackedFrom} samples on, each layer packs its weights into panels for the tiled kernel;");
            w.Line("// fewer samples read them in place, one matrix-vector product each. A large batch is split by rows");
            w.Line("// across threads (the packing by rows of the weights); the first layer's parts read x where it is.");
            w.Line($"bool packed = batch >= {kernels}.PackedFrom;");
            w.Line("int parts = PartsFor(batch);");

            ImageEmitter.EmitForwardStep(w, plan);

            foreach (DensePlan layer in plan.Layers)
            {
                int k = layer.Index;
                w.Line();
                string input = layer.IsFirst ? "x" : $"Rows(_a{k - 1}, batch * {layer.In})";
                if (layer.HasDropout)
                {
                    w.Line($"{ReadOnlySpan}<float> h{k} = {input};");
                    using (w.OpenBlock("if (Training)"))
                    {
                        w.Line($"{NetworkEmitter.Runtime}.Kernels.Dropout.Forward(h{k}, Rows(_h{k}, batch * {layer.In}), Rows(_m{k}, batch * {layer.In}), DropoutRate{k}, _random);");
                        w.Line($"h{k} = Rows(_h{k}, batch * {layer.In});");
                    }

                    input = $"h{k}";
                }

                string z = layer.KeepsPreActivation ? $"Rows(_z{k}, batch * {layer.Out}), " : "";
                string weights = $"Parameter({layer.W}, {layer.In} * {layer.Out})", bias = BiasArgument(layer);
                using (w.OpenBlock("if (packed)"))
                {
                    w.Line($"Run(ParallelKernel.Dense{k}PackWeights, batch, parts);");
                    // Only the first layer reads the caller's span: Run hands it to every part.
                    w.Line($"Run(ParallelKernel.Dense{k}Forward, batch, parts{(layer.IsFirst ? ", x" : "")});");
                }

                using (w.OpenBlock("else"))
                {
                    w.Line($"{kernels}.Dense{k}ForwardFewRows({input}, {weights}, {bias}{SlopeArgument(layer)}{z}Rows(_a{k}, batch * {layer.Out}), _nonzero, batch);");
                }
            }
        }
    }

    /// <summary>A forward kernel's bias argument, <c>Parameter(B1, N1), </c>, or nothing for a layer without a bias.</summary>
    public static string BiasArgument(DensePlan layer) => layer.HasBias ? $"Parameter({layer.B}, {layer.Out}), " : "";

    /// <summary>A forward kernel's PReLU slopes argument, <c>Parameter(S1, N1), </c>, or nothing for other activations.</summary>
    public static string SlopeArgument(DensePlan layer) => layer.LearnsSlopes ? $"Parameter({layer.S}, {layer.Out}), " : "";

    private static string Features(int count) => count == 1 ? "1 feature" : $"{count} features";

    private static string ClassRule(NetworkPlan plan) =>
        plan.OutputSize == 1 ? "1 when the single output exceeds 0.5, else 0" : "the index of the largest output";
}
