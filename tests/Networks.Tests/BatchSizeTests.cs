namespace Compiled.Networks.Tests;

/// <summary>
/// A sample's outputs do not depend on the batch it comes in: fewer than 4 samples run through the
/// matrix-vector kernels (W read in place), larger batches through packed panels and register tiles, and both
/// add the same products in the same order, so the bits agree.
/// </summary>
public sealed class BatchSizeTests
{
    public static TheoryData<string> Networks => [.. Cases.Keys];

    private static readonly Dictionary<string, Func<INetwork>> Cases = new()
    {
        // Every activation, widths on and off the vector width, layers with and without a bias, input counts
        // that are and are not a multiple of the 4 inputs the matrix-vector kernel adds per pass.
        [nameof(MnistMlp)] = () => new MnistMlp(seed: 5, maxBatch: 9),
        [nameof(FourLayerCrossEntropy)] = () => new FourLayerCrossEntropy(seed: 5, maxBatch: 9),
        [nameof(WideWithTails)] = () => new WideWithTails(seed: 5, maxBatch: 9),
        [nameof(VectorAligned)] = () => new VectorAligned(seed: 5, maxBatch: 9),
        [nameof(WithoutBias)] = () => new WithoutBias(seed: 5, maxBatch: 9),
        [nameof(TwoLayerSoftmaxMse)] = () => new TwoLayerSoftmaxMse(seed: 5, maxBatch: 9),
        [nameof(XorNet)] = () => new XorNet(seed: 5, maxBatch: 9),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_sample_gives_the_same_bits_alone_as_in_a_batch(string name)
    {
        INetwork network = Cases[name]();
        const int Batch = 9;
        float[] x = GradientCheckTests.RandomInputs(new Random(11), Batch * network.InputSize);
        var batched = new float[Batch * network.OutputSize];
        network.Forward(x, batched);

        var alone = new float[network.OutputSize];
        for (int b = 0; b < Batch; b++)
        {
            network.Forward(x.AsSpan(b * network.InputSize, network.InputSize), alone);
            Assert.Equal(batched.AsSpan(b * network.OutputSize, network.OutputSize).ToArray(), alone);
        }

        // Three samples, the largest batch below the packed path, row by row as well.
        var three = new float[3 * network.OutputSize];
        network.Forward(x.AsSpan(0, 3 * network.InputSize), three);
        Assert.Equal(batched.AsSpan(0, 3 * network.OutputSize).ToArray(), three);
    }
}
