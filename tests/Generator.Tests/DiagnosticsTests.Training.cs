using Compiled.Generator.Tests.Infrastructure;

namespace Compiled.Generator.Tests;

/// <summary>
/// The checks of issue 10: CMP0030, reported at the call that trains a Step or Sign network by gradient descent, not on its
/// declaration; CMP0023 for a BiasInit that a layer without a bias cannot use.
/// </summary>
public partial class DiagnosticsTests
{
    [Fact]
    public void Gradient_descent_on_a_network_with_a_step_layer_reports_CMP0030() => AssertReports(
        "CMP0030",
        """
        [Network(Inputs = 2)]
        [Dense(3, Activation.Step)]
        [Dropout(0.1)]
        [Dense(1, Activation.Sign)]
        public partial class Stepped;

        /// <summary>Uses the network.</summary>
        public static class Lessons
        {
            /// <summary>Inference: no diagnostic.</summary>
            public static void Infer(Stepped net, float[] x, float[] y) => net.Forward(x, y);

            /// <summary>Gradient descent: CMP0030.</summary>
            public static float Train(Stepped net, float[] x, float[] y) => net.TrainStep(x, y, new Sgd(0.1f));
        }
        """,
        at: "net.TrainStep(x, y, new Sgd(0.1f))",
        "'Stepped.TrainStep'", "layer 3 uses Activation.Sign", "the gradient of layers 1 to 3 is always 0", "PerceptronRule.Train");

    [Fact]
    public void A_step_network_used_for_inference_only_reports_nothing()
    {
        GeneratorRun run = GeneratorHarness.Run(GoodNetwork, """
            using Compiled;

            namespace Samples;

            [Network(Inputs = 2)]
            [Dense(1, Activation.Step, Init = Init.Zeros)]
            public partial class Gate;

            /// <summary>Uses the network.</summary>
            public static class Lessons
            {
                /// <summary>Inference.</summary>
                public static int Infer(Gate gate, float[] x) => gate.Predict(x);

                /// <summary>Scoring: a forward pass and the loss, no gradient.</summary>
                public static float Score(Gate gate, float[] x, int[] labels, int[] classes) => gate.ComputeLoss(x, labels, classes);

                /// <summary>Through INetwork, as the runtime's Trainer calls it: invisible to the analyzer.</summary>
                public static float Train(INetwork net, float[] x, float[] y) => net.TrainStep(x, y, new Sgd(0.1f));
            }
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Empty(run.CompiledDiagnostics);
    }

    [Fact]
    public void Bias_initializer_on_a_layer_without_a_bias_reports_CMP0023() => AssertReports(
        "CMP0023",
        """
        [Network(Inputs = 2)]
        [Dense(3, Activation.Tanh, UseBias = false, BiasInit = Init.Normal)]
        [Dense(1)]
        public partial class Unbiased;
        """,
        at: "Dense(3, Activation.Tanh, UseBias = false, BiasInit = Init.Normal)",
        "Layer 1", "'Unbiased'", "sets BiasInit", "which a layer declared with UseBias = false does not use", "remove BiasInit");
}
