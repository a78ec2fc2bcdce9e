using System.Runtime.CompilerServices;
using Compiled.Generator.Tests.Infrastructure;

namespace Compiled.Generator.Tests;

/// <summary>
/// The generated source of representative networks, compared with reviewed baselines in Snapshots/.
/// Each network's output must first compile with warnings as errors; the baseline then pins every
/// line, so a change to the emitters shows up as a diff to review like any other code change.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void Xor_network() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>XOR with a 2-4-1 sigmoid net.</summary>
        [Network(Inputs = 2, Loss = Loss.MeanSquaredError)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;
        """);

    [Fact]
    public void Mnist_mlp_with_dropout_and_fused_softmax_cross_entropy() => VerifyGenerated("""
        using Compiled;

        namespace Samples.Mnist;

        /// <summary>The seed MNIST network of the architecture document.</summary>
        [Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
        [Dense(256, Activation.ReLU)]
        [Dropout(0.3)]
        [Dense(256, Activation.ReLU, Init = Init.HeNormal)]
        [Dense(10)]
        public partial class MnistMlp;
        """);

    [Fact]
    public void Every_activation_at_widths_off_the_vector_width() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>Each activation once, softmax last under mean squared error (the softmax Jacobian path).</summary>
        [Network(Inputs = 13, Loss = Loss.MeanSquaredError)]
        [Dense(7, Activation.Identity)]
        [Dense(5, Activation.Sigmoid)]
        [Dense(19, Activation.Tanh)]
        [Dense(6, Activation.ReLU)]
        [Dense(3, Activation.LeakyReLU, Alpha = 0.2)]
        [Dense(11, Activation.ELU, Alpha = 0.5)]
        [Dense(6, Activation.Softmax)]
        public partial class EveryActivation;
        """);

    [Fact]
    public void Perceptron_step_and_sign_layers() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>Step units into a Sign output: thresholds fused into the stores; no gradient passes either.</summary>
        [Network(Inputs = 3)]
        [Dense(19, Activation.Step)]
        [Dense(2, Activation.Sign)]
        public partial class Perceptrons;
        """);

    [Fact]
    public void Prelu_layers_with_learned_slopes() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>
        /// PReLU on a hidden layer (vectors and a tail), after dropout on one without a bias and with Alpha as the initial
        /// slope, and on the output: slopes after each bias, the activation after each tile, the backward in its own pass.
        /// </summary>
        [Network(Inputs = 5, Loss = Loss.MeanSquaredError)]
        [Dense(18, Activation.PReLU, Init = Init.HeNormal)]
        [Dropout(0.1)]
        [Dense(6, Activation.PReLU, Alpha = 0.1, UseBias = false, Init = Init.HeNormal)]
        [Dense(2, Activation.PReLU, Init = Init.HeNormal)]
        public partial class PReluNet;
        """);

    [Fact]
    public void Biases_drawn_from_a_normal_distribution() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>The tutorial's random_normal weights and biases, and a layer with the default zero biases.</summary>
        [Network(Inputs = 4, Loss = Loss.SoftmaxCrossEntropy)]
        [Dense(8, Activation.ReLU, Init = Init.Normal, BiasInit = Init.Normal, StdDev = 0.1)]
        [Dense(3)]
        public partial class NormalInit;
        """);

    [Fact]
    public void Network_nested_in_partial_types_inside_a_namespace() => VerifyGenerated("""
        using Compiled;

        namespace Samples.Models
        {
            /// <summary>A static class holding models.</summary>
            public static partial class Zoo
            {
                /// <summary>A record holding the network.</summary>
                internal partial record Catalog
                {
                    /// <summary>Three features to one probability.</summary>
                    [Network(Inputs = 3, Loss = Loss.BinaryCrossEntropy)]
                    [Dense(2, Activation.Tanh)]
                    [Dense(1, Activation.Sigmoid)]
                    internal partial class TinyNet;
                }
            }
        }
        """);

    [Fact]
    public void Network_in_the_global_namespace() => VerifyGenerated("""
        using Compiled;

        /// <summary>y = a x + b: one linear unit.</summary>
        [Network(Inputs = 1)]
        [Dense(1)]
        public partial class LineFit;
        """);

    [Fact]
    public void Layers_without_a_bias() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>UseBias = false on the first and last layers: no b1, b3 in Parameters, no db1, db3 computed.</summary>
        [Network(Inputs = 5, Loss = Loss.BinaryCrossEntropy)]
        [Dense(9, Activation.ReLU, Init = Init.HeUniform, UseBias = false)]
        [Dense(4, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid, UseBias = false)]
        public partial class NoBiasNet;
        """);

    [Fact]
    public void Convolutions_pooling_and_flatten_before_dense_layers() => VerifyGenerated("""
        using Compiled;

        namespace Samples;

        /// <summary>A small LeNet: Same and Valid convolutions, a pool between them, ELU (which keeps z), dropout after Flatten.</summary>
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(1, 12, 12)]
        [Conv2D(6, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
        [MaxPool2D(2)]
        [Conv2D(8, 3, Activation.ELU, Init = Init.HeNormal)]
        [Flatten]
        [Dropout(0.25)]
        [Dense(10)]
        public partial class SmallConvNet;
        """);

    [Fact]
    public void Every_baseline_belongs_to_a_test()
    {
        // A renamed or deleted test leaves its baselines behind; nothing else would notice them.
        Assert.Empty(Snapshot.BaselinesWithoutTest(typeof(SnapshotTests).Assembly));
    }

    private static void VerifyGenerated(string source, [CallerMemberName] string test = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        run.AssertCompilesWithoutWarnings();
        Assert.Single(run.Generated);
        Snapshot.Verify(nameof(SnapshotTests), test, run.Generated);
    }
}
