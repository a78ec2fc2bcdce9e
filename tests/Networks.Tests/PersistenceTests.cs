using System.Buffers.Binary;
using System.Text;
using Compiled.Serialization;

namespace Compiled.Networks.Tests;

/// <summary>Models round-trip through safetensors with PyTorch's names and shapes; bad files change nothing.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compiled-models-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void A_saved_model_loads_into_a_fresh_network_with_the_same_outputs()
    {
        var trained = new FourLayerCrossEntropy(seed: 1);
        float[] x = GradientCheckTests.RandomInputs(new Random(2), 7 * FourLayerCrossEntropy.InputSize);
        trained.TrainStep(x, [0, 1, 2, 0, 1, 2, 0], new Adam(0.01f));
        string path = PathOf("model.safetensors");

        trained.Save(path);
        var loaded = new FourLayerCrossEntropy(seed: 99);
        loaded.Load(path);

        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
        var expected = new float[7 * 3];
        var actual = new float[7 * 3];
        trained.Forward(x, expected);
        loaded.Forward(x, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Tensors_have_PyTorch_names_and_out_by_in_weight_shapes()
    {
        var net = new XorNet(seed: 3);
        var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;

        SafeTensorsFile file = SafeTensors.Read(stream);

        Assert.Equal(["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"], file.Tensors.Keys.Order());
        Assert.Equal([4L, 2L], file.Tensors["fc1.weight"].Shape);
        Assert.Equal([1L, 4L], file.Tensors["fc2.weight"].Shape);
        var fc1 = new float[8];
        file.CopyFloat32("fc1.weight", fc1);
        // Ours: W1 [2 inputs, 4 units] row-major at offset 0; the file: fc1.weight [4 units, 2 inputs].
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(net.Parameters[i * 4 + j], fc1[j * 2 + i]);
            }
        }

        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Contains("XorNet", file.Metadata["compiled.network"]);
    }

    [Fact]
    public void Layers_without_a_bias_save_no_bias_tensor_and_load_back_the_same_outputs()
    {
        var trained = new WithoutBias(seed: 4);
        float[] x = GradientCheckTests.RandomInputs(new Random(5), 7 * WithoutBias.InputSize);
        trained.TrainStep(x, new float[7 * WithoutBias.OutputSize], new Adam(0.01f));
        var stream = new MemoryStream();

        trained.Save(stream);
        SafeTensorsFile file = SafeTensors.Read(new MemoryStream(stream.ToArray()));
        var loaded = new WithoutBias(seed: 99);
        loaded.Load(new MemoryStream(stream.ToArray()));

        // nn.Linear(13, 19, bias=False), nn.Linear(19, 6), nn.Linear(6, 3, bias=False): the state dict PyTorch saves.
        Assert.Equal(["fc1.weight", "fc2.bias", "fc2.weight", "fc3.weight"], file.Tensors.Keys.Order());
        Assert.Equal(13 * 19 + 19 * 6 + 6 + 6 * 3, WithoutBias.ParameterCount);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
        var expected = new float[7 * 3];
        var actual = new float[7 * 3];
        trained.Forward(x, expected);
        loaded.Forward(x, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_file_with_a_bias_the_declaration_leaves_out_is_refused_naming_it()
    {
        // fc1.bias beside fc1.weight: a model saved with a bias does not fit [Dense(1, UseBias = false)].
        string header = """{"fc1.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"fc1.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""";
        var net = new NeuronWithoutBias(seed: 1);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.Load(new MemoryStream(Build(header, [0.5f, 0.25f]))));

        Assert.Contains("does not declare: fc1.bias", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void A_state_dict_written_the_PyTorch_way_loads_and_computes_what_PyTorch_would()
    {
        // fc1: nn.Linear(2, 4), fc2: nn.Linear(4, 1), as torch's safetensors.save_file writes them
        // (weights [out, in], in the order the dict holds them), built byte by byte.
        float[] fc1Weight = [1, 2, 3, 4, 5, 6, 7, 8];          // [4, 2]
        float[] fc1Bias = [0.1f, 0.2f, 0.3f, 0.4f];
        float[] fc2Weight = [0.5f, -0.5f, 0.25f, -0.25f];      // [1, 4]
        float[] fc2Bias = [0.05f];
        string header = """{"fc1.weight":{"dtype":"F32","shape":[4,2],"data_offsets":[0,32]},"fc1.bias":{"dtype":"F32","shape":[4],"data_offsets":[32,48]},"fc2.weight":{"dtype":"F32","shape":[1,4],"data_offsets":[48,64]},"fc2.bias":{"dtype":"F32","shape":[1],"data_offsets":[64,68]}}""";
        byte[] file = Build(header, [.. fc1Weight, .. fc1Bias, .. fc2Weight, .. fc2Bias]);
        var net = new XorNet();

        net.Load(new MemoryStream(file));

        float[] input = [0.3f, -0.7f];
        var output = new float[1];
        net.Forward(input, output);
        double hidden(int j) => 1 / (1 + Math.Exp(-(fc1Weight[j * 2] * input[0] + fc1Weight[j * 2 + 1] * input[1] + fc1Bias[j])));
        double z = fc2Bias[0] + Enumerable.Range(0, 4).Sum(j => fc2Weight[j] * hidden(j));
        Assert.Equal(1 / (1 + Math.Exp(-z)), output[0], 1e-6);
    }

    [Fact]
    public void A_file_of_another_network_is_refused_naming_the_tensor_and_changes_nothing()
    {
        var other = new XorNet(seed: 1);
        var stream = new MemoryStream();
        other.Save(stream);
        var net = new FourLayerCrossEntropy(seed: 2);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.Load(new MemoryStream(stream.ToArray())));

        Assert.Contains("fc1.weight", error.Message);
        Assert.Contains("[7, 13]", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData("missing", "no tensor 'fc2.bias'")]
    [InlineData("extra", "does not declare: fc3.weight")]
    [InlineData("dtype", "'fc2.bias' is F64")]
    public void Name_and_dtype_mismatches_name_the_tensor(string defect, string message)
    {
        string fc2Bias = defect == "dtype" ? Entry("fc2.bias", "F64", "1", 64, 72) : Entry("fc2.bias", "F32", "1", 64, 68);
        string tensors = Entry("fc1.weight", "F32", "4,2", 0, 32) + "," + Entry("fc1.bias", "F32", "4", 32, 48) + "," + Entry("fc2.weight", "F32", "1,4", 48, 64);
        int dataBytes = 64;
        if (defect != "missing")
        {
            tensors += "," + fc2Bias;
            dataBytes += defect == "dtype" ? 8 : 4;
        }

        if (defect == "extra")
        {
            tensors += "," + Entry("fc3.weight", "F32", "1", dataBytes, dataBytes + 4);
            dataBytes += 4;
        }

        byte[] file = Build("{" + tensors + "}", new float[dataBytes / 4]);
        var net = new XorNet(seed: 5);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.Load(new MemoryStream(file)));

        Assert.Contains(message, error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_file_whole_and_no_temporary_file()
    {
        string path = PathOf("model.safetensors");
        var net = new XorNet(seed: 1);
        net.Save(path);
        byte[] previous = File.ReadAllBytes(path);

        // An optimizer that cannot report its state fails the save after the temporary file is opened.
        Assert.Throws<ArgumentException>(() => new XorNet(seed: 2).Save(path, new StatelessOptimizer()));

        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Loading_a_missing_file_names_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new XorNet().Load(PathOf("absent.safetensors")));
        Assert.Contains("absent.safetensors", error.Message);
    }

    [Fact]
    public void A_checkpoint_resumes_training_with_the_same_loss_sequence_as_an_uninterrupted_run()
    {
        // Dropout on, so the resumed run must also continue the dropout generator where it stopped.
        float[] x = GradientCheckTests.RandomInputs(new Random(8), 6 * WithDropout.InputSize);
        float[] t = GradientCheckTests.RandomInputs(new Random(9), 6 * WithDropout.OutputSize);
        var uninterrupted = new WithDropout(seed: 4) { Training = true };
        var adam = new Adam(0.01f);
        float[] losses = Enumerable.Range(0, 10).Select(_ => uninterrupted.TrainStep(x, t, adam)).ToArray();

        var first = new WithDropout(seed: 4) { Training = true };
        var firstAdam = new Adam(0.01f);
        for (int step = 0; step < 5; step++)
        {
            first.TrainStep(x, t, firstAdam);
        }

        string path = PathOf("checkpoint.safetensors");
        first.Save(path, firstAdam);
        var resumed = new WithDropout(seed: 77) { Training = true };
        var resumedAdam = new Adam(0.01f);
        resumed.Load(path, resumedAdam);
        float[] resumedLosses = Enumerable.Range(0, 5).Select(_ => resumed.TrainStep(x, t, resumedAdam)).ToArray();

        Assert.Equal(losses[5..], resumedLosses);
        Assert.Equal(uninterrupted.Parameters.ToArray(), resumed.Parameters.ToArray());
    }

    [Fact]
    public void A_plain_model_file_cannot_restore_an_optimizer_but_a_checkpoint_loads_as_a_model()
    {
        string model = PathOf("model.safetensors"), checkpoint = PathOf("checkpoint.safetensors");
        var net = new XorNet(seed: 1);
        var adam = new Adam();
        net.TrainStep([0, 1], [1], adam);
        net.Save(model);
        net.Save(checkpoint, adam);

        var error = Assert.Throws<InvalidDataException>(() => new XorNet().Load(model, new Adam()));
        Assert.Contains("no optimizer state", error.Message);
        var wrongKind = Assert.Throws<InvalidDataException>(() => new XorNet().Load(checkpoint, new Sgd(0.1f)));
        Assert.Contains("Adam", wrongKind.Message);

        var plain = new XorNet(seed: 9);
        plain.Load(checkpoint);
        Assert.Equal(net.Parameters.ToArray(), plain.Parameters.ToArray());
    }

    [Fact]
    public void Thousands_of_mutated_model_files_throw_only_InvalidDataException_and_change_nothing_when_they_do()
    {
        var source = new MnistMlpSmall(seed: 1);
        var stream = new MemoryStream();
        source.Save(stream, new Adam());
        byte[] original = stream.ToArray();
        var random = new Random(99);
        var net = new MnistMlpSmall(seed: 2);
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] mutated = Mutate(original, random);
            float[] before = net.Parameters.ToArray();
            try
            {
                net.Load(new MemoryStream(mutated));
            }
            catch (InvalidDataException)
            {
                rejected++;
                Assert.Equal(before, net.Parameters.ToArray());
            }
        }

        Assert.True(rejected >= 1000, $"only {rejected} of 3000 mutations were rejected");
        Assert.True(rejected < 3000, "every mutation was rejected, even those that only change weight values");
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        byte[] copy = (byte[])bytes.Clone();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        switch (random.Next(4))
        {
            case 0:
                copy[random.Next(8, headerEnd)] = (byte)"0123456789[]{},:\"-. "[random.Next(20)];
                return copy;
            case 1:
                return copy[..random.Next(copy.Length)];
            case 2:
                BinaryPrimitives.WriteUInt64LittleEndian(copy, (ulong)random.NextInt64());
                return copy;
            default:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
        }
    }

    // One tensor's header entry: "name":{"dtype":...,"shape":[...],"data_offsets":[begin,end]}.
    private static string Entry(string name, string dtype, string shape, int begin, int end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{shape}],\"data_offsets\":[{begin},{end}]}}";

    private static byte[] Build(string header, float[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length * 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + json.Length + i * 4), data[i]);
        }

        return bytes;
    }

    private sealed class StatelessOptimizer : IOptimizer
    {
        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
        }
    }
}
