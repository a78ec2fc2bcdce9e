using System.Diagnostics;
using System.Globalization;
using Compiled;
using Compiled.Data;
using Compiled.Samples.Mnist;

// Trains the seed network (MnistMlp.cs) on MNIST: load the data, declare the network, train, evaluate.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // Numbers print the same everywhere.

if (!Options.TryParse(args, out Options? options, out string? error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine("Run with --help to see the options.");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

// 1. Load 60,000 training and 10,000 test images of 28x28 pixels (fetched and cached on the first run).
ImageDataSet mnist;
try
{
    mnist = Mnist.Load(options.DataDirectory, log: Console.Out);
}
catch (DataSetUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// 2. Declare the network, its optimizer, and the batches: pixels scaled to [0, 1], training reshuffled each epoch.
const int BatchSize = 100;
var network = new MnistMlp(options.Seed, maxBatch: BatchSize);
var adam = new Adam(learningRate: 1e-3f);
var training = new MiniBatches(mnist.Train, BatchSize, seed: (ulong)options.Seed);
var test = new MiniBatches(mnist.Test, BatchSize);

double accuracy = 0;
for (int epoch = 1; epoch <= options.Epochs; epoch++)
{
    // 3. Train: one pass over the training set in a fresh order, dropout on.
    var clock = Stopwatch.StartNew();
    var progress = new ProgressLine($"Epoch {epoch}/{options.Epochs}", mnist.Train.Count);
    network.Training = true;
    training.Shuffle();
    double lossSum = 0;
    int seen = 0;
    for (int b = 0; b < training.Count; b++)
    {
        Batch batch = training.Get(b);
        lossSum += network.TrainStep(batch.Inputs, batch.Labels, adam) * batch.Size;
        seen += batch.Size;
        progress.Report(seen, lossSum / seen);
    }

    double samplesPerSecond = seen / clock.Elapsed.TotalSeconds;

    // 4. Evaluate on the test set, dropout off.
    network.Training = false;
    accuracy = Accuracy(network, test);
    progress.Clear();
    Console.WriteLine(
        $"Epoch {epoch}/{options.Epochs}: training loss {lossSum / seen:F4}, test accuracy {100 * accuracy:F2}%, " +
        $"{samplesPerSecond:N0} samples/s, {clock.Elapsed.TotalSeconds:F1} s");
}

Console.WriteLine($"Test accuracy after {options.Epochs} epoch{(options.Epochs == 1 ? "" : "s")}: {100 * accuracy:F2}%");
return 0;

// The fraction of samples whose predicted class (the largest logit) is their label.
static double Accuracy(MnistMlp network, MiniBatches batches)
{
    Span<int> predicted = stackalloc int[batches.BatchSize];
    int correct = 0;
    for (int b = 0; b < batches.Count; b++)
    {
        Batch batch = batches.Get(b);
        network.Predict(batch.Inputs, predicted[..batch.Size]);
        for (int i = 0; i < batch.Size; i++)
        {
            correct += predicted[i] == batch.Labels[i] ? 1 : 0;
        }
    }

    return (double)correct / batches.Data.Count;
}
