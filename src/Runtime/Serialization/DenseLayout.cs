namespace Compiled.Serialization;

/// <summary>
/// Where one dense layer's tensors sit in a generated network's parameter buffer, their names in a
/// model file, and the layer's activation. Generated code passes a table of these to
/// <see cref="ModelFile"/> and <see cref="OnnxExport"/>.
/// </summary>
/// <param name="Name">The layer's name in files, PyTorch style: <c>fc1</c> gives <c>fc1.weight</c> and <c>fc1.bias</c>.</param>
/// <param name="Inputs">Fan-in.</param>
/// <param name="Units">Fan-out.</param>
/// <param name="WeightOffset">Where W starts: [Inputs, Units] row-major (files hold its transpose, [Units, Inputs]).</param>
/// <param name="BiasOffset">Where b starts: [Units]; null for a layer without a bias (<c>UseBias = false</c>), which has no <c>.bias</c> tensor.</param>
/// <param name="Activation">The activation as Forward applies it (an output under softmax cross-entropy is Softmax).</param>
/// <param name="Alpha">The LeakyReLU slope or ELU scale; unused for other activations.</param>
public readonly record struct DenseLayout(string Name, int Inputs, int Units, int WeightOffset, int? BiasOffset, Activation Activation, float Alpha)
{
    /// <summary>
    /// The weights as the field stores them, [Units, Inputs] (PyTorch's nn.Linear, ONNX Gemm with transB),
    /// transposed from ours, [Inputs, Units] row-major (z = x W).
    /// </summary>
    internal float[] TransposedWeight(System.ReadOnlySpan<float> parameters)
    {
        var weight = new float[Units * Inputs];
        System.ReadOnlySpan<float> ours = parameters.Slice(WeightOffset, Inputs * Units);
        for (int i = 0; i < Inputs; i++)
        {
            for (int j = 0; j < Units; j++)
            {
                weight[j * Inputs + i] = ours[i * Units + j];
            }
        }

        return weight;
    }
}
