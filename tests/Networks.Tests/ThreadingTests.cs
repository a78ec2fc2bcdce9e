namespace Compiled.Networks.Tests;

[CollectionDefinition(nameof(ThreadingTests), DisableParallelization = true)]
public sealed class ThreadingCollection;

/// <summary>
/// Passes split across threads (Threads > 1, a large batch) give exactly the single-threaded results:
/// each value is computed by one thread in the same order. Run alone: the machine's cores are the point.
/// </summary>
[Collection(nameof(ThreadingTests))]
public sealed class ThreadingTests
{
    // SplitNet's forward pass is 64*48 + 48*40 + 40*24 + 24*10 = 6,192 multiply-adds a sample; a pass is split
    // from ParallelFrom = 2^18 on, so from 43 samples (7 whole tiles and a padded one). Smaller batches would
    // run on one thread in both networks and compare a path with itself.
    private const int MultiplyAddsPerSample = 64 * 48 + 48 * 40 + 40 * 24 + 24 * 10;

    public static TheoryData<int> Batches => [43, 64, 97, 100];

    [Theory]
    [MemberData(nameof(Batches))]
    public void Training_with_dropout_is_the_same_on_one_thread_and_on_all(int batch)
    {
        Assert.True((long)batch * MultiplyAddsPerSample >= 1L << 18, $"batch {batch} is too small to be split");
        var single = new SplitNet(seed: 3, maxBatch: 100) { Threads = 1, Training = true };
        var split = new SplitNet(seed: 3, maxBatch: 100) { Threads = 8, Training = true };
        float[] x = GradientCheckTests.RandomInputs(new Random(batch), batch * SplitNet.InputSize);
        int[] labels = Enumerable.Range(0, batch).Select(b => b * 7 % 10).ToArray();
        Adam adamSingle = new(0.01f), adamSplit = new(0.01f);
        for (int step = 0; step < 5; step++)
        {
            Assert.Equal(single.TrainStep(x, labels, adamSingle), split.TrainStep(x, labels, adamSplit));
            Assert.Equal(single.Gradients.ToArray(), split.Gradients.ToArray());
            Assert.Equal(single.Parameters.ToArray(), split.Parameters.ToArray());
        }

        single.Training = split.Training = false;
        var expected = new float[batch * SplitNet.OutputSize];
        var actual = new float[batch * SplitNet.OutputSize];
        single.Forward(x, expected);
        split.Forward(x, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(64)]
    public void Layers_without_a_bias_train_the_same_on_one_thread_and_on_all(int batch)
    {
        var single = new SplitNetWithoutBias(seed: 4, maxBatch: 64) { Threads = 1 };
        var split = new SplitNetWithoutBias(seed: 4, maxBatch: 64) { Threads = 8 };
        float[] x = GradientCheckTests.RandomInputs(new Random(batch), batch * SplitNetWithoutBias.InputSize);
        int[] labels = Enumerable.Range(0, batch).Select(b => b * 3 % 10).ToArray();
        Adam adamSingle = new(0.01f), adamSplit = new(0.01f);
        for (int step = 0; step < 3; step++)
        {
            Assert.Equal(single.TrainStep(x, labels, adamSingle), split.TrainStep(x, labels, adamSplit));
            Assert.Equal(single.Gradients.ToArray(), split.Gradients.ToArray());
        }

        Assert.Equal(64 * 48 + 48 * 40 + 40 + 40 * 10, SplitNetWithoutBias.ParameterCount);
        Assert.Equal(single.Parameters.ToArray(), split.Parameters.ToArray());
        var expected = new float[batch * SplitNetWithoutBias.OutputSize];
        var actual = new float[batch * SplitNetWithoutBias.OutputSize];
        single.Forward(x, expected);
        split.Forward(x, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_seed_mlp_trains_the_same_on_one_thread_and_on_all()
    {
        const int batch = 100;
        var single = new MnistMlp(seed: 5, maxBatch: batch) { Threads = 1, Training = true };
        var split = new MnistMlp(seed: 5, maxBatch: batch) { Training = true };
        float[] x = GradientCheckTests.RandomInputs(new Random(2), batch * MnistMlp.InputSize);
        int[] labels = Enumerable.Range(0, batch).Select(b => b % 10).ToArray();
        Adam adamSingle = new(), adamSplit = new();
        for (int step = 0; step < 3; step++)
        {
            Assert.Equal(single.TrainStep(x, labels, adamSingle), split.TrainStep(x, labels, adamSplit));
        }

        Assert.Equal(single.Parameters.ToArray(), split.Parameters.ToArray());
    }

    // The calling thread's count: worker threads run the same Execute and kernels as part 0 does here, and
    // WorkerPoolTests checks that the workers' loop allocates nothing between parts. (A process-wide count
    // would also see the test host's own threads.)
    [Fact]
    public void A_split_training_step_allocates_nothing()
    {
        var net = new MnistMlp(seed: 1, maxBatch: 100) { Training = true, Threads = 2 };
        float[] x = GradientCheckTests.RandomInputs(new Random(1), 100 * MnistMlp.InputSize);
        int[] labels = Enumerable.Range(0, 100).Select(b => b % 10).ToArray();
        var outputs = new float[100 * MnistMlp.OutputSize];
        var adam = new Adam();
        net.TrainStep(x, labels, adam); // warm-up: JIT, the optimizer's moments, the pool's threads
        net.Forward(x, outputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 10; step++)
        {
            net.TrainStep(x, labels, adam);
            net.Forward(x, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Threads_below_one_is_refused_by_name()
    {
        var net = new SplitNet();
        Assert.Equal(Environment.ProcessorCount, net.Threads);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Threads = 0);
        Assert.Equal("value", error.ParamName);
        Assert.Contains("at least 1", error.Message);
    }
}
