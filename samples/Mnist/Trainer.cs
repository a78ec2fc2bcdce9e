using Compiled.Data;

namespace Compiled.Samples.Mnist;

/// <summary>
/// The tutorial's training loop, without any output: Adam over shuffled mini-batches, an epoch at a time, and the
/// accuracy on the test set. <see cref="TrainCommand"/> shows it to a person; tests drive it directly.
/// </summary>
internal sealed class Trainer
{
    private readonly IOptimizer _optimizer;
    private readonly MiniBatches _training;
    private readonly MiniBatches _test;
    private readonly int[] _predicted;

    /// <summary>Prepares to train <paramref name="network"/> on <paramref name="data"/>: pixels scaled to [0, 1], training reshuffled each epoch.</summary>
    /// <param name="network">The network; its <c>MaxBatch</c> must hold <paramref name="batchSize"/> samples.</param>
    /// <param name="data">The training and test images.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="learningRate">Adam's step size.</param>
    /// <param name="seed">Seeds the order of the training samples in every epoch.</param>
    public Trainer(INetwork network, ImageDataSet data, int batchSize, float learningRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, network.MaxBatch);
        Network = network;
        Data = data;
        _optimizer = new Adam(learningRate);
        _training = new MiniBatches(data.Train, batchSize, seed: (ulong)seed);
        _test = new MiniBatches(data.Test, batchSize);
        _predicted = new int[batchSize];
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The data set.</summary>
    public ImageDataSet Data { get; }

    /// <summary>Steps per epoch: the number of training batches.</summary>
    public int BatchesPerEpoch => _training.Count;

    /// <summary>
    /// One pass over the training set in a fresh order, dropout on. After each step, <paramref name="afterStep"/> (if any)
    /// gets the samples seen so far and their mean loss.
    /// </summary>
    /// <returns>The epoch's cost: the mean loss over its samples (the tutorial's <c>avg_cost</c>).</returns>
    public double TrainEpoch(Action<int, double>? afterStep = null)
    {
        Network.Training = true;
        _training.Shuffle();
        double lossSum = 0;
        int seen = 0;
        for (int b = 0; b < _training.Count; b++)
        {
            Batch batch = _training.Get(b);
            lossSum += Network.TrainStep(batch.Inputs, batch.Labels, _optimizer) * batch.Size;
            seen += batch.Size;
            afterStep?.Invoke(seen, lossSum / seen);
        }

        Network.Training = false;
        return lossSum / seen;
    }

    /// <summary>The fraction of test images whose predicted class (the largest output) is their label; dropout off.</summary>
    public double TestAccuracy()
    {
        bool training = Network.Training;
        Network.Training = false;
        int correct = 0;
        for (int b = 0; b < _test.Count; b++)
        {
            Batch batch = _test.Get(b);
            Span<int> predicted = _predicted.AsSpan(0, batch.Size);
            Network.Predict(batch.Inputs, predicted);
            for (int i = 0; i < batch.Size; i++)
            {
                correct += predicted[i] == batch.Labels[i] ? 1 : 0;
            }
        }

        Network.Training = training;
        return (double)correct / Data.Test.Count;
    }
}
