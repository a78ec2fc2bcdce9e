namespace Compiled.Networks.Tests;

/// <summary>
/// A network with image stages gives exactly the same results on one thread and on all: the image passes split a batch
/// by groups of samples, each group sums its kernel gradients apart, and the groups are added in order.
/// </summary>
[Collection(nameof(ThreadingTests))]
public sealed class ImageThreadingTests
{
    [Theory]
    [InlineData(12)]
    [InlineData(43)]
    [InlineData(100)]
    public void Training_is_the_same_on_one_thread_and_on_all(int batch)
    {
        var single = new SplitConvNet(seed: 3, maxBatch: 100) { Threads = 1, Training = true };
        var split = new SplitConvNet(seed: 3, maxBatch: 100) { Threads = 8, Training = true };
        float[] x = GradientCheckTests.RandomInputs(new Random(batch), batch * SplitConvNet.InputSize);
        int[] labels = Enumerable.Range(0, batch).Select(b => b * 7 % 10).ToArray();
        Adam adamSingle = new(0.01f), adamSplit = new(0.01f);
        for (int step = 0; step < 3; step++)
        {
            Assert.Equal(single.TrainStep(x, labels, adamSingle), split.TrainStep(x, labels, adamSplit));
            Assert.Equal(single.Gradients.ToArray(), split.Gradients.ToArray());
            Assert.Equal(single.Parameters.ToArray(), split.Parameters.ToArray());
        }

        single.Training = split.Training = false;
        var expected = new float[batch * SplitConvNet.OutputSize];
        var actual = new float[batch * SplitConvNet.OutputSize];
        single.Forward(x, expected);
        split.Forward(x, actual);
        Assert.Equal(expected, actual);
    }

    // The calling thread's count, as ThreadingTests counts the dense networks'.
    [Fact]
    public void A_split_training_step_and_inference_allocate_nothing()
    {
        var net = new SplitConvNet(seed: 1, maxBatch: 64) { Training = true, Threads = 2 };
        float[] x = GradientCheckTests.RandomInputs(new Random(1), 64 * SplitConvNet.InputSize);
        int[] labels = Enumerable.Range(0, 64).Select(b => b % 10).ToArray();
        var outputs = new float[64 * SplitConvNet.OutputSize];
        var adam = new Adam();
        net.TrainStep(x, labels, adam); // warm-up: JIT, the optimizer's moments, the pool's threads
        net.Forward(x, outputs);
        net.Predict(x.AsSpan(0, SplitConvNet.InputSize));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 5; step++)
        {
            net.TrainStep(x, labels, adam);
            net.Forward(x, outputs);
            net.Predict(x.AsSpan(0, SplitConvNet.InputSize));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
