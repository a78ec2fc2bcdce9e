using Compiled.Training;

namespace Compiled.Networks.Tests;

/// <summary>The runtime's Trainer on generated networks: what Fit records, stops, restores and allocates.</summary>
public class TrainerTests
{
    private static readonly float[] TruthTableInputs = [0, 0, 0, 1, 1, 0, 1, 1];

    [Fact]
    public void Fit_learns_xor_from_target_rows_and_records_every_epoch()
    {
        var net = new XorNet(seed: 1);
        var trainer = new Trainer(net, new Sgd(0.5f), batchSize: 4, seed: 1);

        TrainingHistory history = trainer.Fit(new TrainingData(TruthTableInputs, 2, [0f, 1, 1, 0]), epochs: 5000);

        Assert.Equal(5000, history.Epochs);
        Assert.Null(history.ValidationLoss);
        Assert.Empty(history.MetricNames);
        Assert.True(history.Loss[^1] < history.Loss[0] / 10, $"loss fell only from {history.Loss[0]} to {history.Loss[^1]}");
        var outputs = new float[4];
        net.Forward(TruthTableInputs, outputs);
        Assert.Equal([0f, 1f, 1f, 0f], outputs.Select(o => MathF.Round(o)).ToArray());
    }

    [Fact]
    public void Fit_with_labels_and_a_validation_split_records_losses_and_accuracies()
    {
        (float[] x, int[] labels) = Clusters(seed: 3, count: 500);
        var trainer = new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 32), new Adam(1e-2f), batchSize: 32, seed: 2) { MeasureTrainingAccuracy = true };

        TrainingHistory history = trainer.Fit(new TrainingData(x, 20, labels), epochs: 8, validationSplit: 0.2);

        Assert.Equal(8, history.Epochs);
        Assert.Equal(new[] { "accuracy" }, history.MetricNames);
        Assert.Equal(new[] { "accuracy" }, history.ValidationMetricNames);
        Assert.True(history.ValidationLoss![^1] < history.ValidationLoss![0], "the validation loss did not fall");
        Assert.True(history.ValidationMetric("accuracy")[^1] > 0.9, $"validation accuracy {history.ValidationMetric("accuracy")[^1]}");
        Assert.True(history.Metric("accuracy")[^1] > 0.8, $"training accuracy {history.Metric("accuracy")[^1]}");

        // The validation part is the last 100 samples: Evaluate on them scores what the last epoch recorded.
        Evaluation last = trainer.Evaluate(new TrainingData(x, 20, labels).Slice(400, 100));
        Assert.Equal(history.ValidationLoss![^1], last.Loss, 1e-9);
        Assert.Equal(history.ValidationMetric("accuracy")[^1], last.Accuracy!.Value, 1e-9);
    }

    [Fact]
    public void Evaluate_scores_with_forward_passes_alone_and_leaves_parameters_and_gradients_alone()
    {
        (float[] x, int[] labels) = Clusters(seed: 5, count: 70);
        var net = new MnistMlpSmall(seed: 1, maxBatch: 32);
        var trainer = new Trainer(net, new Adam(1e-2f), batchSize: 32, seed: 2);
        trainer.Fit(new TrainingData(x, 20, labels), epochs: 2);
        float[] parameters = net.Parameters.ToArray();
        float[] gradients = net.Gradients.ToArray();

        Evaluation scored = trainer.Evaluate(new TrainingData(x, 20, labels));

        Assert.Equal(parameters, net.Parameters.ToArray());
        Assert.Equal(gradients, net.Gradients.ToArray());
        var predicted = new int[70];
        net.Predict(x, predicted);
        Assert.Equal(predicted.Zip(labels).Count(p => p.First == p.Second) / 70.0, scored.Accuracy!.Value, 1e-12);
        Assert.Equal(net.ComputeLoss(x, labels), scored.Loss, 1e-6);
    }

    [Fact]
    public void Measuring_training_accuracy_does_not_change_what_is_learned()
    {
        // MnistMlpSmall has dropout: a classification pass of its own would draw masks and change every later step.
        (float[] x, int[] labels) = Clusters(seed: 6, count: 96);
        (float[] Parameters, TrainingHistory History) Run(bool measure)
        {
            var net = new MnistMlpSmall(seed: 1, maxBatch: 16);
            var trainer = new Trainer(net, new Adam(1e-2f), batchSize: 16, seed: 3) { MeasureTrainingAccuracy = measure };
            TrainingHistory history = trainer.Fit(new TrainingData(x, 20, labels), epochs: 3);
            return (net.Parameters.ToArray(), history);
        }

        var measured = Run(measure: true);
        var plain = Run(measure: false);
        Assert.Equal(plain.Parameters, measured.Parameters);
        Assert.Equal(plain.History.Loss, measured.History.Loss);
        Assert.All(measured.History.Metric("accuracy"), a => Assert.InRange(a, 0.0, 1.0));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another_order()
    {
        (float[] x, int[] labels) = Clusters(seed: 4, count: 96);
        float[] Run(ulong seed)
        {
            var net = new MnistMlpSmall(seed: 1, maxBatch: 16);
            new Trainer(net, new Sgd(0.05f), batchSize: 16, seed: seed).Fit(new TrainingData(x, 20, labels), epochs: 3);
            return net.Parameters.ToArray();
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Cancellation_stops_within_one_batch_and_keeps_the_epochs_completed()
    {
        (float[] x, int[] labels) = Clusters(seed: 5, count: 100);
        using var cancel = new CancellationTokenSource();
        var counter = new BatchCounter(cancelAfter: 13, cancel);
        var trainer = new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 10), new Adam(), batchSize: 10) { Callbacks = { counter } };

        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(new TrainingData(x, 20, labels), epochs: 5, validation: new TrainingData(x, 20, labels), cancellationToken: cancel.Token));

        // Cancelled from the end of batch 13 (the third of epoch 2): no further step ran.
        Assert.Equal(13, counter.Batches);
        Assert.Equal(1, trainer.History.Epochs);
        Assert.Equal(2, trainer.Epoch);
        Assert.False(trainer.Network.Training);
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement_and_restores_the_best_weights()
    {
        // Validated on the training samples with their labels permuted, the validation loss rises as the network learns
        // the true labels: its best epoch comes early and every later one is worse.
        (float[] x, int[] labels) = Clusters(seed: 6, count: 200);
        int[] wrong = labels.Select(l => (l + 1) % 5).ToArray();
        var weights = new WeightsPerEpoch();
        var early = new EarlyStopping(patience: 2);
        var trainer = new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 20), new Adam(1e-2f), batchSize: 20) { Callbacks = { weights, early } };

        TrainingHistory history = trainer.Fit(new TrainingData(x, 20, labels), epochs: 50, validation: new TrainingData(x, 20, wrong));

        int best = history.ValidationLoss!.Select((loss, i) => (loss, i)).MinBy(p => p.loss).i + 1;
        Assert.Equal(best, early.BestEpoch);
        Assert.Equal(best + 2, early.StoppedEpoch);
        Assert.Equal(best + 2, history.Epochs);
        Assert.True(early.RestoredBestWeights);
        Assert.Equal(weights.Copies[best - 1], trainer.Network.Parameters.ToArray());
        Assert.NotEqual(weights.Copies[^1], trainer.Network.Parameters.ToArray());
    }

    [Fact]
    public void Early_stopping_without_validation_data_says_so()
    {
        (float[] x, int[] labels) = Clusters(seed: 6, count: 20);
        var trainer = new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 20), new Adam(), batchSize: 20) { Callbacks = { new EarlyStopping(patience: 1) } };

        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(new TrainingData(x, 20, labels), epochs: 2));

        Assert.Contains("no validation data", error.Message);
    }

    [Fact]
    public void A_schedule_sets_the_optimizer_rate_before_each_epoch_and_the_history_records_it()
    {
        (float[] x, int[] labels) = Clusters(seed: 7, count: 40);
        var sgd = new Sgd(1f);
        var seen = new RatesAtBatchEnd(sgd);
        var trainer = new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 20), sgd, batchSize: 20)
        {
            Schedule = new StepDecay(0.1f, factor: 0.5f, stepEpochs: 2),
            Callbacks = { seen },
        };

        TrainingHistory history = trainer.Fit(new TrainingData(x, 20, labels), epochs: 5);

        float[] expected = [0.1f, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.05f, 0.025f, 0.025f];
        Assert.Equal(expected, seen.Rates);
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], history.Metric("learning_rate").Select(r => Math.Round(r, 6)).ToArray());
    }

    [Fact]
    public void A_schedule_with_an_optimizer_whose_rate_cannot_be_set_is_refused()
    {
        var trainer = new Trainer(new XorNet(), new FixedStep(), batchSize: 4) { Schedule = new ConstantRate(0.1f) };

        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(new TrainingData(TruthTableInputs, 2, [0f, 1, 1, 0]), epochs: 1));

        Assert.Contains("FixedStep does not implement ILearningRate", error.Message);
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_refused_naming_the_argument()
    {
        var trainer = new Trainer(new XorNet(), new Sgd(0.1f), batchSize: 4);

        var inputs = Assert.Throws<ArgumentException>(() => trainer.Fit(new TrainingData(new float[9], 3, [0f, 1, 1]), epochs: 1));
        var targets = Assert.Throws<ArgumentException>(() => trainer.Fit(new TrainingData(TruthTableInputs, 2, new float[8]), epochs: 1));
        var validation = Assert.Throws<ArgumentException>(() =>
            trainer.Fit(new TrainingData(TruthTableInputs, 2, [0f, 1, 1, 0]), epochs: 1, validation: new TrainingData(new float[3], 3, [1f])));

        Assert.Equal("training", inputs.ParamName);
        Assert.Contains("3 features per sample; the network takes 2 inputs", inputs.Message);
        Assert.Contains("2 targets per sample; the network has 1 outputs", targets.Message);
        Assert.Equal("validation", validation.ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new XorNet(maxBatch: 8), new Sgd(0.1f), batchSize: 9)).ParamName);
    }

    [Fact]
    public void Progress_receives_each_epoch_summary_on_the_calling_thread()
    {
        (float[] x, int[] labels) = Clusters(seed: 8, count: 30);
        var summaries = new List<EpochSummary>();
        var trainer = new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 10), new Adam(), batchSize: 10);

        trainer.Fit(new TrainingData(x, 20, labels), epochs: 3, validation: new TrainingData(x, 20, labels), progress: new Recorder(summaries));

        Assert.Equal([1, 2, 3], summaries.Select(s => s.Epoch).ToArray());
        Assert.Equal(trainer.History.Loss, summaries.Select(s => s.Loss));
        Assert.Equal(trainer.History.ValidationMetric("accuracy"), summaries.Select(s => s.ValidationAccuracy!.Value));
        Assert.All(summaries, s => Assert.Equal(1e-3f, s.LearningRate));
    }

    [Fact]
    public void The_batch_loop_allocates_nothing()
    {
        // Bytes allocated on this thread, read at the end of every batch: within a warm epoch, from the end of its first
        // batch to the end of its last, the loop (copying batches, steps, accuracy, callbacks) allocates nothing.
        (float[] x, int[] labels) = Clusters(seed: 9, count: 200);
        var labeled = new AllocationProbe(batchesPerEpoch: 10);
        new Trainer(new MnistMlpSmall(seed: 1, maxBatch: 20), new Adam(), batchSize: 20) { MeasureTrainingAccuracy = true, Callbacks = { labeled } }
            .Fit(new TrainingData(x, 20, labels), epochs: 2);

        var rows = new AllocationProbe(batchesPerEpoch: 2);
        new Trainer(new XorNet(), new Sgd(0.1f), batchSize: 2) { Schedule = new ExponentialDecay(0.1f, 0.9f), Callbacks = { rows } }
            .Fit(new TrainingData(TruthTableInputs, 2, [0f, 1, 1, 0]), epochs: 2);

        Assert.Equal(0, labeled.SecondEpochBytes);
        Assert.Equal(0, rows.SecondEpochBytes);
    }

    // Samples of five noisy clusters in 20 dimensions, labeled by cluster.
    internal static (float[] X, int[] Labels) Clusters(int seed, int count)
    {
        var random = new Random(seed);
        var centres = new float[5 * 20];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = random.NextDouble() < 0.3 ? 1f : 0f;
        }

        var x = new float[count * 20];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = random.Next(5);
            for (int i = 0; i < 20; i++)
            {
                x[s * 20 + i] = centres[labels[s] * 20 + i] + (float)(random.NextDouble() - 0.5) * 0.6f;
            }
        }

        return (x, labels);
    }

    private sealed class BatchCounter(int cancelAfter, CancellationTokenSource cancel) : ITrainingCallback
    {
        public int Batches { get; private set; }

        public void OnBatchEnd(Trainer trainer, in BatchEnd batch)
        {
            if (++Batches == cancelAfter)
            {
                cancel.Cancel();
            }
        }
    }

    private sealed class WeightsPerEpoch : ITrainingCallback
    {
        public List<float[]> Copies { get; } = [];

        public void OnEpochEnd(Trainer trainer, EpochSummary summary) => Copies.Add(trainer.Network.Parameters.ToArray());
    }

    private sealed class RatesAtBatchEnd(Sgd sgd) : ITrainingCallback
    {
        public List<float> Rates { get; } = [];

        public void OnBatchEnd(Trainer trainer, in BatchEnd batch) => Rates.Add(sgd.LearningRate);
    }

    private sealed class AllocationProbe(int batchesPerEpoch) : ITrainingCallback
    {
        private readonly long[] _bytes = new long[2 * batchesPerEpoch];
        private int _count;

        public long SecondEpochBytes => _bytes[^1] - _bytes[batchesPerEpoch];

        public void OnBatchEnd(Trainer trainer, in BatchEnd batch) => _bytes[_count++] = GC.GetAllocatedBytesForCurrentThread();
    }

    private sealed class Recorder(List<EpochSummary> summaries) : IProgress<EpochSummary>
    {
        public void Report(EpochSummary value) => summaries.Add(value);
    }

    // An optimizer without ILearningRate.
    private sealed class FixedStep : IOptimizer
    {
        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
        }
    }
}
