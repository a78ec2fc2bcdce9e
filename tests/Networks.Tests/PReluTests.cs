using Compiled.Serialization;

namespace Compiled.Networks.Tests;

/// <summary>
/// Activation.PReLU: its slopes are parameters after the layer's bias, start at 0.25 (or Alpha), are learned, saved as
/// preluK.weight, and give the same bits at any Threads. The gradient checks (GradientCheckTests) and the ONNX
/// export (OnnxExportTests) cover it beside the other activations.
/// </summary>
public class PReluTests
{
    // Where the slopes sit in Parameters, worked out by hand from the declarations: W1 [13, 9] = 117, b1 [9], then
    // slope1 [9] at 126; W2 [9, 17] = 153 (no bias) at 135, then slope2 [17] at 288; W3 [17, 3] and b3 [3] after.
    internal static readonly (int Offset, int Count)[] HiddenSlopes = [(126, 9), (288, 17)];

    // W1 [11, 20] = 220, b1 [20], W2 [20, 5] = 100, b2 [5], then slope2 [5] at 345.
    internal static readonly (int Offset, int Count)[] OutputSlopes = [(345, 5)];

    /// <summary>Sets every slope to its own value in [-0.6, 0.9), so a check sees each unit's slope at work.</summary>
    internal static T WithVariedSlopes<T>(T network, (int Offset, int Count)[] slopes)
        where T : INetwork
    {
        var random = new Random(17);
        foreach ((int offset, int count) in slopes)
        {
            for (int j = 0; j < count; j++)
            {
                network.Parameters[offset + j] = (float)(random.NextDouble() * 1.5 - 0.6);
            }
        }

        return network;
    }

    [Fact]
    public void Slopes_follow_each_bias_and_start_at_a_quarter_or_at_alpha()
    {
        Assert.Equal(13 * 9 + 9 + 9 + 9 * 17 + 17 + 17 * 3 + 3, PReluHidden.ParameterCount);
        Assert.Equal(11 * 20 + 20 + 20 * 5 + 5 + 5, PReluOutput.ParameterCount);
        var hidden = new PReluHidden(seed: 1);
        Assert.All(hidden.Parameters.Slice(126, 9).ToArray(), s => Assert.Equal(0.25f, s)); // PyTorch's nn.PReLU default
        Assert.All(hidden.Parameters.Slice(288, 17).ToArray(), s => Assert.Equal(0.1f, s));  // Alpha = 0.1
        Assert.All(new PReluOutput(seed: 1).Parameters.Slice(345, 5).ToArray(), s => Assert.Equal(0.25f, s));

        // The slopes come after the bias (b1[8], zero) and before the next layer's weights (W2[0, 0], drawn by HeNormal).
        Assert.Equal(0f, hidden.Parameters[125]);
        Assert.NotEqual(0.25f, hidden.Parameters[135]);
    }

    [Fact]
    public void Forward_applies_each_units_own_slope()
    {
        // One unit, w = 1, b = 0: y = x for x > 0, slope * x otherwise.
        var unit = new PReluUnit(seed: 1);
        unit.Parameters[0] = 1;
        unit.Parameters[1] = 0;
        unit.Parameters[2] = -0.5f;
        var y = new float[4];

        unit.Forward([2f, -2f, 0.5f, -4f], y);

        Assert.Equal([2f, 1f, 0.5f, 2f], y);
    }

    [Fact]
    public void A_single_unit_learns_the_absolute_value_by_learning_the_slope_minus_one()
    {
        // y = |x| is PReLU(w x + b) with w = +-1, b = 0 and slope -1: out of reach of ReLU or LeakyReLU, whose slope is fixed.
        var random = new Random(3);
        float[] x = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] y = x.Select(MathF.Abs).ToArray();
        var unit = new PReluUnit(seed: 2, maxBatch: 64);
        var adam = new Adam(0.05f);
        float first = unit.TrainStep(x, y, adam), last = first;
        for (int step = 0; step < 1500; step++)
        {
            last = unit.TrainStep(x, y, adam);
        }

        Assert.True(last < 1e-4f, $"loss fell only from {first} to {last}");
        Assert.Equal(-1f, unit.Parameters[2], 0.02f);       // the slope, from 0.25
        Assert.Equal(1f, MathF.Abs(unit.Parameters[0]), 0.02f);
        Assert.Equal(0f, unit.Parameters[1], 0.02f);
    }

    [Fact]
    public void A_prelu_classifier_learns_a_task_its_linear_part_cannot()
    {
        // Three classes by the distance from the origin, rings r < 0.5, 0.5 <= r < 1, r >= 1: no linear boundary
        // separates them, so the hidden PReLU layers must bend the space.
        var random = new Random(11);
        const int Count = 300;
        var x = new float[Count * PReluHidden.InputSize];
        var labels = new int[Count];
        for (int b = 0; b < Count; b++)
        {
            for (int i = 0; i < PReluHidden.InputSize; i++)
            {
                x[b * PReluHidden.InputSize + i] = (float)(random.NextDouble() * 1.2 - 0.6);
            }

            double r = Math.Sqrt(Enumerable.Range(0, 3).Sum(i => x[b * PReluHidden.InputSize + i] * (double)x[b * PReluHidden.InputSize + i]));
            labels[b] = r < 0.45 ? 0 : r < 0.75 ? 1 : 2;
        }

        var net = new PReluHidden(seed: 5, maxBatch: Count) { Threads = 1 };
        float[] slopesBefore = net.Parameters.Slice(126, 9).ToArray();
        var adam = new Adam(0.01f);
        for (int epoch = 0; epoch < 400; epoch++)
        {
            net.TrainStep(x, labels, adam);
        }

        var predicted = new int[Count];
        net.Predict(x, predicted);
        double accuracy = predicted.Zip(labels, (p, t) => p == t ? 1.0 : 0.0).Average();
        int[] counts = [.. Enumerable.Range(0, 3).Select(c => labels.Count(l => l == c))];
        Assert.True(accuracy > 0.9, $"training accuracy {accuracy:P1} (class sizes {string.Join(", ", counts)})");
        Assert.NotEqual(slopesBefore, net.Parameters.Slice(126, 9).ToArray()); // the slopes learned too
    }

    [Fact]
    public void Slopes_save_as_prelu_weight_tensors_and_load_back_the_same_outputs()
    {
        var trained = WithVariedSlopes(new PReluHidden(seed: 4), HiddenSlopes);
        float[] x = GradientCheckTests.RandomInputs(new Random(5), 7 * PReluHidden.InputSize);
        trained.TrainStep(x, [0, 1, 2, 0, 1, 2, 0], new Adam(0.01f));
        var stream = new MemoryStream();

        trained.Save(stream);
        SafeTensorsFile file = SafeTensors.Read(new MemoryStream(stream.ToArray()));
        var loaded = new PReluHidden(seed: 99);
        loaded.Load(new MemoryStream(stream.ToArray()));

        // nn.Linear(13, 9), nn.PReLU(9), nn.Linear(9, 17, bias=False), nn.PReLU(17), nn.Linear(17, 3) as module attributes
        // fc1, prelu1, fc2, prelu2, fc3: the state dict PyTorch saves.
        Assert.Equal(["fc1.bias", "fc1.weight", "fc2.weight", "fc3.bias", "fc3.weight", "prelu1.weight", "prelu2.weight"], file.Tensors.Keys.Order());
        Assert.Equal([9L], file.Tensors["prelu1.weight"].Shape);
        Assert.Equal([17L], file.Tensors["prelu2.weight"].Shape);
        var slopes = new float[17];
        file.CopyFloat32("prelu2.weight", slopes);
        Assert.Equal(trained.Parameters.Slice(288, 17).ToArray(), slopes);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
        var expected = new float[7 * 3];
        var actual = new float[7 * 3];
        trained.Forward(x, expected);
        loaded.Forward(x, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_file_without_the_slopes_is_refused_naming_the_tensor_and_changes_nothing()
    {
        // A PReLU unit's file written as if the layer had no slopes: fc1.weight and fc1.bias alone.
        var source = new MemoryStream();
        new LineFit(seed: 1).Save(source);
        var unit = new PReluUnit(seed: 1);
        float[] before = unit.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => unit.Load(new MemoryStream(source.ToArray())));

        Assert.Contains("prelu1.weight", error.Message);
        Assert.Equal(before, unit.Parameters.ToArray());
    }

    [Fact]
    public void Training_allocates_nothing()
    {
        var net = new PReluHidden(seed: 1, maxBatch: 16) { Training = true, Threads = 1 };
        float[] x = GradientCheckTests.RandomInputs(new Random(1), 16 * PReluHidden.InputSize);
        int[] labels = [.. Enumerable.Range(0, 16).Select(b => b % 3)];
        var adam = new Adam();
        net.TrainStep(x, labels, adam); // warm-up: JIT and the optimizer's moments
        long before = GC.GetAllocatedBytesForCurrentThread();
        net.TrainStep(x, labels, adam);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

/// <summary>A network with PReLU split across threads trains to the same bits as on one thread.</summary>
[Collection(nameof(ThreadingTests))]
public sealed class PReluThreadingTests
{
    // 64 * 48 + 48 * 40 + 40 * 10 = 5,392 multiply-adds a sample: a pass splits from 2^18 = 262,144, so from 49 samples.
    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    public void Training_with_prelu_and_dropout_is_the_same_on_one_thread_and_on_eight(int batch)
    {
        var single = new SplitPReluNet(seed: 3, maxBatch: 100) { Threads = 1, Training = true };
        var split = new SplitPReluNet(seed: 3, maxBatch: 100) { Threads = 8, Training = true };
        float[] x = GradientCheckTests.RandomInputs(new Random(batch), batch * SplitPReluNet.InputSize);
        int[] labels = [.. Enumerable.Range(0, batch).Select(b => b * 7 % 10)];
        Adam adamSingle = new(0.01f), adamSplit = new(0.01f);
        for (int step = 0; step < 5; step++)
        {
            Assert.Equal(single.TrainStep(x, labels, adamSingle), split.TrainStep(x, labels, adamSplit));
            Assert.Equal(single.Gradients.ToArray(), split.Gradients.ToArray());
            Assert.Equal(single.Parameters.ToArray(), split.Parameters.ToArray());
        }

        // The slopes' gradients were not all zero: the comparison above covered them.
        Assert.Contains(single.Gradients.Slice(64 * 48 + 48, 48).ToArray(), g => g != 0);
        single.Training = split.Training = false;
        var expected = new float[batch * SplitPReluNet.OutputSize];
        var actual = new float[batch * SplitPReluNet.OutputSize];
        single.Forward(x, expected);
        split.Forward(x, actual);
        Assert.Equal(expected, actual);
    }
}
