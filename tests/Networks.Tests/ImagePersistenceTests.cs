using Compiled.Serialization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Compiled.Networks.Tests;

/// <summary>Networks with convolutions and pools: safetensors with PyTorch's names and layout, and ONNX that ONNX Runtime runs.</summary>
public class ImagePersistenceTests
{
    public static TheoryData<string> Networks => new(Cases.Keys);

    private static readonly Dictionary<string, Func<INetwork>> Cases = new()
    {
        ["Valid ReLU, overlapping pool, strided Same Tanh"] = () => new ConvPoolStrided(seed: 1),
        ["pool on the input, LeakyReLU, ELU without bias, sigmoid outputs"] = () => new PoolFirstSame(seed: 2),
        ["1x1 Sigmoid, strided 5x5 Same with asymmetric padding"] = () => new OneByOneAsymmetric(seed: 3),
        ["LeNet 16x16"] = () => new SplitConvNet(seed: 4),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_saved_model_loads_into_a_fresh_network_with_the_same_outputs(string name)
    {
        INetwork trained = Trained(name);
        var stream = new MemoryStream();
        trained.Save(stream);
        stream.Position = 0;
        INetwork loaded = Cases[name]();
        loaded.Parameters.Fill(0.5f);

        loaded.Load(stream);

        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void Convolution_tensors_have_PyTorch_names_and_filters_channels_rows_columns_shapes()
    {
        var net = new ConvPoolStrided(seed: 5);
        var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;

        SafeTensorsFile file = SafeTensors.Read(stream);

        Assert.Equal(["conv1.bias", "conv1.weight", "conv2.bias", "conv2.weight", "fc1.bias", "fc1.weight"], file.Tensors.Keys.Order());
        Assert.Equal([5L, 2L, 3L, 3L], file.Tensors["conv1.weight"].Shape);
        Assert.Equal([6L, 5L, 2L, 2L], file.Tensors["conv2.weight"].Shape);
        Assert.Equal([4L, 54L], file.Tensors["fc1.weight"].Shape);
        var conv1 = new float[5 * 2 * 3 * 3];
        file.CopyFloat32("conv1.weight", conv1);
        Assert.Equal(net.Parameters[..conv1.Length].ToArray(), conv1); // our kernel layout is PyTorch's
    }

    [Fact]
    public void A_file_with_a_missing_convolution_changes_nothing()
    {
        var net = new SplitConvNet(seed: 6);
        var stream = new MemoryStream();
        new ConvPoolStrided(seed: 7).Save(stream);
        stream.Position = 0;
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.Load(stream));

        Assert.Contains("conv1.weight", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_computes_the_same_outputs_on_50_random_inputs(string name)
    {
        INetwork network = Trained(name);
        var model = new MemoryStream();
        network.ExportOnnx(model);

        const int Samples = 50;
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

    // A network after one training step, so that its weights are not just the initializer's.
    private static INetwork Trained(string name)
    {
        INetwork network = Cases[name]();
        float[] warmup = GradientCheckTests.RandomInputs(new Random(1), 4 * network.InputSize);
        network.TrainStep(warmup, new float[4 * network.OutputSize], new Adam(0.01f));
        return network;
    }
}
