using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Compiled.Networks.Tests;

/// <summary>Exported ONNX models run in ONNX Runtime and compute what Forward computes.</summary>
public class OnnxExportTests
{
    public static TheoryData<string> Networks => new(Cases.Keys);

    private static readonly Dictionary<string, Func<INetwork>> Cases = new()
    {
        ["MNIST MLP: ReLU, logits under softmax cross-entropy"] = () => new MnistMlp(seed: 1),
        ["Tanh, LeakyReLU, ELU, softmax"] = () => new FourLayerCrossEntropy(seed: 2),
        ["Sigmoid, ELU, Softmax"] = () => new WideWithTails(seed: 3),
        ["ReLU, LeakyReLU, Sigmoid"] = () => new VectorAligned(seed: 4),
        ["a linear unit"] = () => new LineFit(seed: 5),
        ["layers without a bias (Gemm without C)"] = () => new WithoutBias(seed: 6),
        ["Step and Sign (Where over Greater)"] = () => new StepSignNet(seed: 7),
        ["PReLU hidden layers (PRelu with a slope per unit)"] = () => PReluTests.WithVariedSlopes(new PReluHidden(seed: 8), PReluTests.HiddenSlopes),
        ["PReLU output"] = () => PReluTests.WithVariedSlopes(new PReluOutput(seed: 9), PReluTests.OutputSlopes),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_computes_the_same_outputs_on_100_random_inputs(string name)
    {
        INetwork network = Cases[name]();
        // Train a step first so the weights are not just the initializer's.
        float[] warmup = GradientCheckTests.RandomInputs(new Random(1), 4 * network.InputSize);
        network.TrainStep(warmup, new float[4 * network.OutputSize], new Adam(0.01f));
        var model = new MemoryStream();
        network.ExportOnnx(model);

        const int Samples = 100;
        float[] x = GradientCheckTests.RandomInputs(new Random(2), Samples * network.InputSize);
        var ours = new float[Samples * network.OutputSize];
        network.Forward(x, ours);

        using var session = new InferenceSession(model.ToArray());
        var input = new DenseTensor<float>(x, [Samples, network.InputSize]);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        float[] theirs = results.Single(r => r.Name == "output").AsEnumerable<float>().ToArray();

        Assert.Equal(ours.Length, theirs.Length);
        float largest = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-5f, $"max |ours - ONNX Runtime| = {largest}");
    }

    [Fact]
    public void The_graph_declares_a_symbolic_batch_and_the_network_sizes()
    {
        var model = new MemoryStream();
        new MnistMlp(seed: 1).ExportOnnx(model);

        using var session = new InferenceSession(model.ToArray());

        NodeMetadata input = session.InputMetadata["input"];
        NodeMetadata output = session.OutputMetadata["output"];
        Assert.Equal([-1, MnistMlp.InputSize], input.Dimensions);
        Assert.Equal([-1, MnistMlp.OutputSize], output.Dimensions);
        Assert.Equal(typeof(float), input.ElementType);
    }
}
