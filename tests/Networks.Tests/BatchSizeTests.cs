namespace Compiled.Networks.Tests;

/// <summary>
/// A sample's outputs do not depend on the batch it comes in: fewer than 4 samples run through the
/// matrix-vector kernels (W read in place, the rows of zero inputs skipped unless few inputs are zero), larger batches through packed panels
/// and register tiles; both add the same nonzero products in the same order, so the bits agree.
/// </summary>
public sealed class BatchSizeTests
{
    // Samples in each test batch: a tile of 6 and a padded one.
    private const int Batch = 9;

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
        float[] x = GradientCheckTests.RandomInputs(new Random(11), Batch * network.InputSize);
        float[] batched = AssertEachSampleAloneAsInTheBatch(network, x);

        // Three samples, the largest batch below the packed path, row by row as well.
        var three = new float[3 * network.OutputSize];
        network.Forward(x.AsSpan(0, 3 * network.InputSize), three);
        Assert.Equal(batched.AsSpan(0, 3 * network.OutputSize).ToArray(), three);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_sample_with_zero_inputs_gives_the_same_bits_alone_as_in_a_batch(string name)
    {
        // Most inputs zero, as MNIST's background pixels: the matrix-vector kernels skip their rows of W, the tiled
        // kernels add their zero products. A few inputs zero: the matrix-vector kernels on 512-bit vectors read every
        // row as the tiled ones do. Either way the sums agree bit for bit.
        foreach (double zeros in new[] { 0.8, 0.2 })
        {
            INetwork network = Cases[name]();
            var random = new Random(12);
            float[] x = GradientCheckTests.RandomInputs(random, Batch * network.InputSize);
            for (int i = 0; i < x.Length; i++)
            {
                if (random.NextDouble() < zeros)
                {
                    x[i] = 0f;
                }
            }

            AssertEachSampleAloneAsInTheBatch(network, x);
        }
    }

    [Fact]
    public void A_single_sample_does_not_read_the_weights_of_its_zero_inputs()
    {
        // W1 is [784, 256] at the start of Parameters. Rows of NaN for the inputs that are zero would poison every
        // output of a kernel that read them (0 * NaN = NaN): a single sample's outputs stay those of a network
        // whose rows are zero, which proves the matrix-vector kernel reads only the nonzero inputs' rows. Two inputs
        // in three are zero: from two thirds nonzero on, the 512-bit kernel reads every row instead (faster then).
        var poisoned = new MnistMlp(seed: 5, maxBatch: 9);
        var clean = new MnistMlp(seed: 5, maxBatch: 9);
        float[] x = GradientCheckTests.RandomInputs(new Random(13), MnistMlp.InputSize);
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 3 == 0)
            {
                continue;
            }

            x[i] = 0f;
            poisoned.Parameters.Slice(i * 256, 256).Fill(float.NaN);
            clean.Parameters.Slice(i * 256, 256).Clear();
        }

        var expected = new float[MnistMlp.OutputSize];
        var actual = new float[MnistMlp.OutputSize];
        clean.Forward(x, expected);
        poisoned.Forward(x, actual);

        Assert.All(actual, value => Assert.True(float.IsFinite(value)));
        Assert.Equal(expected, actual);
    }

    // The outputs of the Batch samples of x in one call, after checking that each sample alone gives the same bits.
    private static float[] AssertEachSampleAloneAsInTheBatch(INetwork network, float[] x)
    {
        var batched = new float[Batch * network.OutputSize];
        network.Forward(x, batched);

        var alone = new float[network.OutputSize];
        for (int b = 0; b < Batch; b++)
        {
            network.Forward(x.AsSpan(b * network.InputSize, network.InputSize), alone);
            Assert.Equal(batched.AsSpan(b * network.OutputSize, network.OutputSize).ToArray(), alone);
        }

        return batched;
    }
}
