using System.Diagnostics;
using Compiled.Data;
using Compiled.Samples.Plotting;
using Compiled.Training;
using Spectre.Console;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The default command: load the data set, train the chosen network for the epochs asked, one line per epoch in the
/// tutorial's form, then save the model and show a few test images with what the network says they are.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Runs the training; returns the process's exit code.</summary>
    public static int Run(TrainSettings settings, Output output, TextWriter errors)
    {
        var total = Stopwatch.StartNew();
        string network = settings.Model.Architecture();
        output.Line(
            $"Training {settings.Model.Name()} ({network}) on {settings.DataSet.Name()}: {settings.Epochs} epoch{(settings.Epochs == 1 ? "" : "s")}, " +
            $"batch {settings.BatchSize}, Adam lr {settings.LearningRate}" +
            (settings.LearningRateStep > 0 ? $" x0.1 every {settings.LearningRateStep} epoch{(settings.LearningRateStep == 1 ? "" : "s")}" : "") +
            $", seed {settings.Seed}, " +
            $"{(settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount)} thread(s)");
        // 1. The data: 60,000 training and 10,000 test images of 28x28 pixels, from the first source that has them.
        ImageDataSet data;
        try
        {
            data = DownloadDisplay.Around(output, progress => settings.DataSet.Load(settings.DataDirectory, output.Log, progress));
        }
        catch (DataSetUnavailableException e)
        {
            errors.WriteLine(e.Message);
            return 1;
        }

        // 2. The network and the loop: Adam over shuffled mini-batches, the test set scored after each epoch.
        INetwork net = settings.Model.Create(settings.Seed, maxBatch: settings.BatchSize);
        net.Threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        var trainer = new Trainer(net, new Adam(settings.LearningRate), settings.BatchSize, seed: (ulong)settings.Seed)
        {
            Schedule = settings.LearningRateStep > 0 ? new StepDecay(settings.LearningRate, factor: 0.1f, settings.LearningRateStep) : null,
        };
        TrainingHistory history = output.Live
            ? output.Console.Progress()
                .AutoClear(true)
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context => Fit(trainer, data, settings, new EpochDisplay(output, data.Train.Count, settings.Epochs, context)))
            : Fit(trainer, data, settings, new EpochDisplay(output, data.Train.Count, settings.Epochs, bars: null));
        double accuracy = history.ValidationMetric("accuracy")[^1];

        // 3. The result, the model file, and a few test images with the network's answers.
        output.Line();
        output.Line($"Test accuracy: {100 * accuracy:F2}% after {settings.Epochs} epoch{(settings.Epochs == 1 ? "" : "s")}, {total.Elapsed.TotalSeconds:F1} s in all", Color.Green);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.ModelPath))!);
            net.Save(settings.ModelPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"Could not write the model to {settings.ModelPath}: {e.Message}");
            return 1;
        }

        output.Line($"Model written to {settings.ModelPath}");
        output.Line($"  (classify an image with it: dotnet run -c Release --project samples/Mnist -- predict IMAGE{PredictHint(settings)})");
        if (settings.PlotPath is not null && !WritePlot(settings, history, output, errors))
        {
            return 1;
        }
        output.Line();
        ShowTestImages(net, data, settings.DataSet.ClassNames(), output);
        return 0;
    }

    // The loss and the test accuracy (as validation, in percent) per epoch, side by side in one PNG.
    private static bool WritePlot(TrainSettings settings, TrainingHistory history, Output output, TextWriter errors)
    {
        try
        {
            TrainingPlot.SavePng(history, settings.PlotPath!, $"{settings.Model.Name()} on {settings.DataSet.Name()}: cost per epoch (validation: the test set)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"Could not write the plot to {settings.PlotPath}: {e.Message}");
            return false;
        }

        output.Line($"Training curves written to {settings.PlotPath}");
        return true;
    }

    // The whole run: each epoch shown as it ends, the test set as validation (its accuracy is the sample's score).
    private static TrainingHistory Fit(Trainer trainer, ImageDataSet data, TrainSettings settings, EpochDisplay display)
    {
        trainer.Callbacks.Add(display);
        return trainer.Fit(new TrainingData(data.Train), settings.Epochs, validation: new TrainingData(data.Test));
    }

    // The first three test images and the first one the network gets wrong, drawn, with its answer and the truth.
    private static void ShowTestImages(INetwork network, ImageDataSet data, IReadOnlyList<string> classNames, Output output)
    {
        IdxImages images = data.Test.Images;
        var input = new float[images.PixelsPerImage];
        var shown = new List<(string[] Picture, string[] Caption)>();
        int? firstWrong = null;
        for (int i = 0; i < data.Test.Count && (shown.Count < 3 || firstWrong is null); i++)
        {
            images.CopyScaled(i, input);
            int predicted = network.Predict(input);
            int truth = data.Test.Labels[i];
            if (shown.Count < 3 || (predicted != truth && firstWrong is null))
            {
                firstWrong ??= predicted != truth ? i : null;
                string verdict = predicted == truth ? "right" : "WRONG";
                shown.Add((DigitArt.Render(images.GetImage(i), images.Rows, images.Columns),
                    [$"#{i}: {classNames[predicted]} ({verdict})", $"true: {classNames[truth]}"]));
            }
        }

        output.Line($"Test images, with the network's answers (the first three{(firstWrong is null ? "" : ", and the first it gets wrong")}):");
        int width = output.Live ? Math.Max(output.Console.Profile.Width, 40) : 124;
        foreach (string line in DigitArt.SideBySide(shown, width))
        {
            output.Line(line);
        }
    }

    private static string PredictHint(TrainSettings settings)
    {
        var options = new List<string>();
        if (settings.DataSet != DataSetKind.Mnist)
        {
            options.Add($"--dataset {settings.DataSet.Name()}");
        }

        if (settings.SavePath is not null)
        {
            options.Add($"--load {settings.SavePath}");
        }
        else if (settings.Model != ModelKind.Mlp)
        {
            options.Add($"--model {settings.Model.Name()}");
        }

        return options.Count == 0 ? "" : " " + string.Join(' ', options);
    }
}
