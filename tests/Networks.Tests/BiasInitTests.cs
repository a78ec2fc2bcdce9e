namespace Compiled.Networks.Tests;

/// <summary>The tutorial's biases drawn from a normal distribution: BiasInit = Init.Normal with the layer's Mean and StdDev.</summary>
[Network(Inputs = 30, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(400, Activation.ReLU, Init = Init.HeNormal, BiasInit = Init.Normal, Mean = 0.5, StdDev = 0.2)]
[Dense(10, BiasInit = Init.GlorotUniform)]
public partial class NormalBiases;

/// <summary>The same layers with the default BiasInit, for the weights' random stream.</summary>
[Network(Inputs = 30, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(400, Activation.ReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class ZeroBiases;

public class BiasInitTests
{
    private const int B1 = 30 * 400, W2 = B1 + 400, B2 = W2 + 400 * 10;

    [Fact]
    public void Normal_biases_have_the_declared_mean_and_standard_deviation()
    {
        float[] biases = new NormalBiases(seed: 1).Parameters.Slice(B1, 400).ToArray();

        double mean = biases.Average(b => (double)b);
        double std = Math.Sqrt(biases.Average(b => (b - mean) * (b - mean)));
        // 400 draws: the sample mean is within 4 standard errors (4 * 0.2 / 20 = 0.04), the deviation within 15%.
        Assert.InRange(mean, 0.46, 0.54);
        Assert.InRange(std, 0.17, 0.23);
    }

    [Fact]
    public void A_glorot_bias_initializer_uses_the_layer_fans_and_other_layers_keep_their_weights()
    {
        var net = new NormalBiases(seed: 1);
        float limit = MathF.Sqrt(6f / (400 + 10));
        float[] b2 = net.Parameters.Slice(B2, 10).ToArray();

        Assert.All(b2, b => Assert.InRange(b, -limit, limit));
        Assert.Equal(10, b2.Distinct().Count());

        // The weights are drawn first, from the same seed, exactly as without BiasInit; the biases come after each layer's
        // weights, so layer 2's weights differ from ZeroBiases' (the stream moved on), layer 1's do not.
        var zero = new ZeroBiases(seed: 1);
        Assert.Equal(zero.Parameters.Slice(0, B1).ToArray(), net.Parameters.Slice(0, B1).ToArray());
        Assert.All(zero.Parameters.Slice(B1, 400).ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal(new NormalBiases(seed: 1).Parameters.ToArray(), net.Parameters.ToArray());
    }
}
