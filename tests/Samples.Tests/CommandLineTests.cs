using Compiled.Samples.Mnist;

namespace Compiled.Samples.Tests;

/// <summary>The sample's command line: its defaults are the tutorial's, and mistakes are named without running anything.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void The_defaults_are_the_tutorials()
    {
        var defaults = new TrainSettings();

        Assert.Equal((15, 100, 0.001f, ModelKind.Mlp, DataSetKind.Mnist), (defaults.Epochs, defaults.BatchSize, defaults.LearningRate, defaults.Model, defaults.DataSet));
        Assert.EndsWith(Path.Combine("compiled", "models", "mnist-mlp.safetensors"), defaults.ModelPath);
        Assert.EndsWith(Path.Combine("compiled", "models", "fashion-deep.safetensors"), (defaults with { Model = ModelKind.Deep, DataSet = DataSetKind.Fashion }).ModelPath);
    }

    [Theory]
    [InlineData(new[] { "--epochs", "0" }, "--epochs must be at least 1; got 0.")]
    [InlineData(new[] { "--lr", "-1" }, "--lr must be a positive number; got -1.")]
    [InlineData(new[] { "--model", "huge" }, "Argument 'huge' not recognized. Must be one of:")]
    [InlineData(new[] { "--dataset", "cifar" }, "Argument 'cifar' not recognized. Must be one of:")]
    [InlineData(new[] { "--epoch", "3" }, "Unrecognized command or argument '--epoch'.")]
    [InlineData(new[] { "predict" }, "Give either an IMAGE file or --index N.")]
    [InlineData(new[] { "predict", "x.png", "--index", "3" }, "Give either an IMAGE file or --index N.")]
    public void A_mistake_in_the_arguments_is_named_and_exits_with_2(string[] args, string message)
    {
        (int exit, string output, string errors) = RealMnistTests.Run(args);

        Assert.Equal(2, exit);
        Assert.Contains(message, errors);
        Assert.EndsWith("Run with --help to see the options." + Environment.NewLine, errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void Help_lists_every_option_of_the_issue()
    {
        (int exit, string output, _) = RealMnistTests.Run("--help");

        Assert.Equal(0, exit);
        foreach (string option in new[] { "--epochs", "--batch", "--lr", "--model <cnn|deep|mlp>", "--dataset <fashion|mnist>", "--data <DIR>", "--seed", "--save <PATH>", "--plot <PATH>", "--threads", "predict" })
        {
            Assert.Contains(option, output);
        }
    }

    [Fact]
    public void Predict_without_a_model_file_says_how_to_make_one()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"compiled-no-model-{Guid.NewGuid():N}.safetensors");

        (int exit, _, string errors) = RealMnistTests.Run("predict", "--index", "0", "--load", missing);

        Assert.Equal(1, exit);
        Assert.StartsWith($"No model at {missing}. Train one first (dotnet run -c Release --project samples/Mnist -- --dataset mnist --model mlp), or pass --load PATH.", errors);
    }

    [Fact]
    public void Digits_are_drawn_two_rows_of_pixels_to_a_line_and_laid_side_by_side()
    {
        byte[] pixels = [0, 255, 255, 64, 0, 255, 255, 64]; // 4 rows of 2 pixels.

        string[] art = DigitArt.Render(pixels, rows: 4, columns: 2);
        string[] laidOut = DigitArt.SideBySide([(art, ["a"]), (art, ["b"]), (art, ["c"])], width: 7).ToArray();

        Assert.Equal(["▒▓", "▒▓"], art); // (0 + 255) / 2 = 127 and (255 + 64) / 2 = 159 -> the third and fourth of five shades.
        Assert.Equal(["▒▓   ▒▓", "▒▓   ▒▓", "a    b", "", "▒▓", "▒▓", "c"], laidOut);
    }
}
