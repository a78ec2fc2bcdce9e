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
/// <param name="Alpha">The LeakyReLU slope or ELU scale; unused for other activations (PReLU's slopes are <paramref name="Slopes"/>).</param>
/// <param name="Slopes">A PReLU layer's learned slopes, [Units]; null for every other activation.</param>
public readonly record struct DenseLayout(string Name, int Inputs, int Units, int WeightOffset, int? BiasOffset, Activation Activation, float Alpha, SlopeLayout? Slopes = null)
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

/// <summary>
/// Where a PReLU layer's slopes sit in the parameter buffer ([Units], after the layer's bias) and their tensor's name in
/// files: <c>preluK.weight</c> for dense layer K, the state-dict key of a PyTorch module attribute
/// <c>self.preluK = nn.PReLU(num_parameters = units)</c> beside <c>self.fcK = nn.Linear(...)</c>.
/// </summary>
/// <param name="Name">The tensor's name, e.g. <c>prelu1.weight</c>.</param>
/// <param name="Offset">Where the slopes start in the parameter buffer.</param>
public readonly record struct SlopeLayout(string Name, int Offset);
