namespace Compiled.Networks.Tests;

/// <summary>Nothing allocates after the constructor (after one warm-up call, for the JIT and the optimizer's state).</summary>
public class AllocationTests
{
    private static long AllocatedBy(Action action)
    {
        action(); // warm-up: JIT compilation and the optimizer's lazily allocated moments
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Forward_predict_compute_loss_compute_gradients_and_train_step_allocate_nothing()
    {
        var net = new MnistMlp(seed: 1, maxBatch: 32) { Training = true };
        float[] x = GradientCheckTests.RandomInputs(new Random(1), 32 * MnistMlp.InputSize);
        var labels = new int[32];
        var targets = new float[32 * MnistMlp.OutputSize];
        for (int b = 0; b < 32; b++)
        {
            labels[b] = b % 10;
            targets[b * 10 + b % 10] = 1;
        }

        var outputs = new float[32 * MnistMlp.OutputSize];
        var classes = new int[32];
        var adam = new Adam();

        Assert.Equal(0, AllocatedBy(() => net.Forward(x, outputs)));
        Assert.Equal(0, AllocatedBy(() => net.Predict(x.AsSpan(0, MnistMlp.InputSize))));
        Assert.Equal(0, AllocatedBy(() => net.Predict(x, classes)));
        Assert.Equal(0, AllocatedBy(() => net.ComputeGradients(x, labels)));
        Assert.Equal(0, AllocatedBy(() => net.ComputeGradients(x, targets)));
        Assert.Equal(0, AllocatedBy(() => net.TrainStep(x, labels, adam)));
        Assert.Equal(0, AllocatedBy(() => net.TrainStep(x, targets, adam)));
        Assert.Equal(0, AllocatedBy(() => net.ComputeLoss(x, labels)));
        Assert.Equal(0, AllocatedBy(() => net.ComputeLoss(x, labels, classes)));
        Assert.Equal(0, AllocatedBy(() => net.ComputeLoss(x, targets, outputs)));
        Assert.Equal(0, AllocatedBy(() => net.ComputeGradients(x, labels, classes)));
        Assert.Equal(0, AllocatedBy(() => net.TrainStep(x, labels, adam, classes)));
    }

    [Fact]
    public void A_batch_larger_than_max_batch_is_forwarded_and_scored_in_chunks_without_allocating()
    {
        var net = new FourLayerCrossEntropy(seed: 1, maxBatch: 4);
        float[] x = GradientCheckTests.RandomInputs(new Random(4), 11 * FourLayerCrossEntropy.InputSize);
        var chunked = new float[11 * FourLayerCrossEntropy.OutputSize];

        Assert.Equal(0, AllocatedBy(() => net.Forward(x, chunked)));
        var labels = Enumerable.Range(0, 11).Select(b => b % FourLayerCrossEntropy.OutputSize).ToArray();
        var classes = new int[11];
        Assert.Equal(0, AllocatedBy(() => net.ComputeLoss(x, labels, classes)));

        var one = new float[FourLayerCrossEntropy.OutputSize];
        for (int b = 0; b < 11; b++)
        {
            net.Forward(x.AsSpan(b * FourLayerCrossEntropy.InputSize, FourLayerCrossEntropy.InputSize), one);
            Assert.Equal(one, chunked.AsSpan(b * FourLayerCrossEntropy.OutputSize, FourLayerCrossEntropy.OutputSize).ToArray());
        }
    }
}
