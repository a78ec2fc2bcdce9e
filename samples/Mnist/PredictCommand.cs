using Compiled.Data;
using Compiled.Serialization;
using Spectre.Console;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The <c>predict</c> command: loads a saved model and classifies one image, a PGM or PNG file or an image of the test
/// set, showing the image as the network sees it and the classes it finds most likely.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Classifies the image; returns the process's exit code.</summary>
    public static int Run(PredictSettings settings, Output output, TextWriter errors)
    {
        // 1. The model: the network is told by the file's tensors, and the file is checked against it as it loads.
        string path = settings.ModelPath;
        if (!File.Exists(path))
        {
            errors.WriteLine($"No model at {path}. Train one first (dotnet run -c Release --project samples/Mnist -- " +
                $"--dataset {settings.DataSet.Name()} --model {settings.Model.Name()}), or pass --load PATH.");
            return 1;
        }

        INetwork network;
        try
        {
            ModelKind kind;
            using (FileStream stream = File.OpenRead(path))
            {
                kind = Choices.KindOf(SafeTensors.Read(stream).Tensors.Keys.ToArray());
            }

            network = kind.Create(seed: 0, maxBatch: 1);
            network.Load(path);
            output.Line($"Model: {path} ({kind.Name()})");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            errors.WriteLine($"Could not load the model: {e.Message}");
            return 1;
        }

        // 2. The image, as MNIST shows one: 28x28, light on dark.
        IReadOnlyList<string> classNames = settings.DataSet.ClassNames();
        GrayImage image;
        string? truth = null;
        try
        {
            if (settings.TestIndex is int index)
            {
                ImageDataSet data = settings.DataSet.Load(settings.DataDirectory, TextWriter.Null, progress: null);
                if (index < 0 || index >= data.Test.Count)
                {
                    errors.WriteLine($"--index must be from 0 to {data.Test.Count - 1}; got {index}.");
                    return 2;
                }

                image = new GrayImage(data.Test.Images.Columns, data.Test.Images.Rows, data.Test.Images.GetImage(index).ToArray());
                truth = classNames[data.Test.Labels[index]];
                output.Line($"Test image #{index} of {data.Name}:");
            }
            else
            {
                image = GrayImage.Read(settings.ImagePath!).ToMnistStyle();
                output.Line($"{settings.ImagePath}, as the network sees it:");
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            errors.WriteLine(e.Message);
            return 1;
        }

        if (image.Width * image.Height != network.InputSize)
        {
            errors.WriteLine($"The image has {image.Width} x {image.Height} pixels; the network takes {network.InputSize}.");
            return 1;
        }

        foreach (string line in DigitArt.Render(image.Pixels, image.Height, image.Width))
        {
            output.Line(line);
        }

        // 3. The classes the network finds most likely (Forward ends in softmax: probabilities).
        float[] input = Array.ConvertAll(image.Pixels, pixel => pixel / 255f);
        var probabilities = new float[network.OutputSize];
        network.Forward(input, probabilities);
        int[] ranked = Enumerable.Range(0, probabilities.Length).OrderByDescending(c => probabilities[c]).ToArray();
        string answer = $"Predicted: {classNames[ranked[0]]} ({100 * probabilities[ranked[0]]:F1}%)";
        output.Line(answer + (truth is null ? "" : $", true label: {truth}"), truth is null || truth == classNames[ranked[0]] ? Color.Green : Color.Red);
        output.Line("Next most likely: " + string.Join(", ", ranked.Skip(1).Take(2).Select(c => $"{classNames[c]} ({100 * probabilities[c]:F1}%)")));
        return 0;
    }
}
