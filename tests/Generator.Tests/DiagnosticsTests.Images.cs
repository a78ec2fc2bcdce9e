using Compiled.Generator.Tests.Infrastructure;

namespace Compiled.Generator.Tests;

/// <summary>The image layers' rules (CMP0040 to CMP0050), each on its bad declaration and quiet on the good one beside it.</summary>
public partial class DiagnosticsTests
{
    [Theory]
    [InlineData("0, 28, 28", "channels = 0")]
    [InlineData("1, -2, 28", "height = -2")]
    [InlineData("1, 28, 0", "width = 0")]
    public void Image_dimension_below_one_reports_CMP0040(string shape, string fact) => AssertReports(
        "CMP0040",
        $"""
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input({shape})]
        [Flatten]
        [Dense(10)]
        public partial class Shapeless;
        """,
        at: $"Input({shape})",
        "'Shapeless'", $"[Input({shape})]", fact);

    [Fact]
    public void Inputs_that_disagree_with_the_image_reports_CMP0041() => AssertReports(
        "CMP0041",
        """
        [Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
        [Input(3, 28, 28)]
        [Flatten]
        [Dense(10)]
        public partial class Colorful;
        """,
        at: "Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)",
        "'Colorful'", "Inputs = 784", "[Input(3, 28, 28)]", "2,352 values");

    [Theory]
    [InlineData("[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]", "[Conv2D(8, 3)]", "Conv2D(8, 3)", "[Input(channels, height, width)]")]
    [InlineData("[Network(Loss = Loss.SoftmaxCrossEntropy)]\n[Input(1, 28, 28)]\n[Flatten]", "[MaxPool2D(2)]", "MaxPool2D(2)", "before [Flatten]")]
    public void Image_layer_without_an_image_reports_CMP0042(string head, string layer, string at, string fact) => AssertReports(
        "CMP0042",
        $"""
        {head}
        {layer}
        [Dense(10)]
        public partial class Blurred;
        """,
        at: at,
        "'Blurred'", "no image to work on", fact);

    [Theory]
    [InlineData("Conv2D(0, 3)", "filters = 0")]
    [InlineData("Conv2D(8, 0)", "kernel = 0")]
    [InlineData("Conv2D(8, 3, Stride = -1)", "Stride = -1")]
    [InlineData("MaxPool2D(0)", "size = 0")]
    [InlineData("MaxPool2D(2, Stride = 0)", "Stride = 0")]
    public void Image_argument_below_one_reports_CMP0043(string layer, string fact) => AssertReports(
        "CMP0043",
        $"""
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(1, 28, 28)]
        [{layer}]
        [Flatten]
        [Dense(10)]
        public partial class Degenerate;
        """,
        at: layer,
        "Layer 1", "'Degenerate'", fact);

    [Theory]
    [InlineData("Conv2D(8, 5)", "a 5 x 5 window", "1 x 4 x 4")]
    [InlineData("MaxPool2D(6)", "a 6 x 6 window", "1 x 4 x 4")]
    public void Window_larger_than_its_input_reports_CMP0044(string layer, string window, string input) => AssertReports(
        "CMP0044",
        $"""
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(1, 4, 4)]
        [{layer}]
        [Flatten]
        [Dense(10)]
        public partial class Overreaching;
        """,
        at: layer,
        "Layer 1", "'Overreaching'", window, $"its {input} input");

    [Fact]
    public void Window_that_does_not_tile_its_input_reports_CMP0045() => AssertReports(
        "CMP0045",
        """
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(1, 28, 28)]
        [Conv2D(32, 3, Activation.ReLU, Init = Init.HeNormal)]
        [MaxPool2D(2)]
        [Conv2D(64, 3, Activation.ReLU, Init = Init.HeNormal)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(10)]
        public partial class LeNetValid;
        """,
        at: "MaxPool2D(2)",
        "Layer 4", "'LeNetValid'", "64 x 11 x 11", "(11 - 2) / 2 + 1", "the last row");

    [Fact]
    public void Dense_layer_on_an_image_reports_CMP0046() => AssertReports(
        "CMP0046",
        """
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(1, 28, 28)]
        [Conv2D(8, 3)]
        [Dense(10)]
        public partial class Unflattened;
        """,
        at: "Dense(10)",
        "Layer 2", "'Unflattened'", "8 x 26 x 26", "[Flatten]");

    [Theory]
    [InlineData("[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]\n[Flatten]", "flat row of features")]
    [InlineData("[Network(Loss = Loss.SoftmaxCrossEntropy)]\n[Input(1, 4, 4)]\n[Flatten]\n[Flatten]", "is [Flatten] too")]
    public void Flatten_of_flat_data_reports_CMP0047(string head, string fact) => AssertReports(
        "CMP0047",
        $"""
        {head}
        [Dense(10)]
        public partial class Pancake;
        """,
        at: "Flatten",
        "'Pancake'", "nothing to flatten", fact);

    [Fact]
    public void Dropout_between_image_layers_reports_CMP0048() => AssertReports(
        "CMP0048",
        """
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(1, 8, 8)]
        [Conv2D(4, 3)]
        [Dropout(0.25)]
        [Flatten]
        [Dense(10)]
        public partial class Speckled;
        """,
        at: "Dropout(0.25)",
        "Layer 2", "'Speckled'", "after [Flatten]");

    [Theory]
    [InlineData("[Conv2D(4, 3)]", "Conv2D(4, 3)", "[Conv2D]")]
    [InlineData("[Conv2D(4, 3)]\n[Flatten]", "Flatten", "[Flatten]")]
    public void Network_ending_in_an_image_layer_reports_CMP0049(string tail, string at, string fact) => AssertReports(
        "CMP0049",
        $"""
        [Network]
        [Input(1, 8, 8)]
        {tail}
        public partial class Headless;
        """,
        at: at,
        "'Headless'", fact);

    [Fact]
    public void PReLU_on_a_convolution_reports_CMP0050() => AssertReports(
        "CMP0050",
        """
        [Network]
        [Input(1, 8, 8)]
        [Conv2D(4, 3, Activation.PReLU)]
        [Flatten]
        [Dense(2)]
        public partial class SlopedFilters;
        """,
        at: "Conv2D(4, 3, Activation.PReLU)",
        "Layer 1", "'SlopedFilters'", "Activation.LeakyReLU");

    [Fact]
    public void Well_formed_image_networks_report_nothing_and_compile()
    {
        GeneratorRun run = GeneratorHarness.Run(GoodNetwork, """
            using Compiled;

            namespace Samples.Images;

            [Network(Loss = Loss.SoftmaxCrossEntropy)]
            [Input(1, 28, 28)]
            [Conv2D(32, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
            [MaxPool2D(2)]
            [Conv2D(64, 3, Activation.ReLU, Padding = Padding.Same, Init = Init.HeNormal)]
            [MaxPool2D(2)]
            [Flatten]
            [Dropout(0.25)]
            [Dense(128, Activation.ReLU, Init = Init.HeNormal)]
            [Dense(10)]
            public partial class LeNet;

            [Network(Inputs = 48, Loss = Loss.MeanSquaredError)]
            [Input(3, 4, 4)]
            [Conv2D(5, 2, Activation.Tanh, Stride = 2, UseBias = false)]
            [MaxPool2D(2, Stride = 1)]
            [Flatten]
            [Dense(2)]
            public partial class Strided;

            [Network(Loss = Loss.BinaryCrossEntropy)]
            [Input(2, 5, 5)]
            [Flatten]
            [Dense(1, Activation.Sigmoid)]
            public partial class FlatImage;
            """);

        run.AssertCompilesWithoutWarnings();
        Assert.Empty(run.CompiledDiagnostics);
        Assert.Equal(
            new[] { "Samples.GoodNet.g.cs", "Samples.Images.FlatImage.g.cs", "Samples.Images.LeNet.g.cs", "Samples.Images.Strided.g.cs" },
            run.HintNames);
    }
}
