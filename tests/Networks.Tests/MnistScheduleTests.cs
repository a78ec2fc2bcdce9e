using Compiled.Data;
using Compiled.Training;
using Xunit.Abstractions;

namespace Compiled.Networks.Tests;

/// <summary>A small MLP for bounded runs on real MNIST: 784-32-10, ReLU, logits under softmax cross-entropy.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(32, Activation.ReLU, Init = Init.HeNormal)]
[Dense(10)]
public partial class MnistSmall;

/// <summary>
/// The tutorial's gear shifting on real data: the same network, seed, batches and starting rate, trained on MNIST's first
/// 10,000 training images with a constant rate and with step decay, both scored on the first 2,000 test images.
/// </summary>
public class MnistScheduleTests(ITestOutputHelper output)
{
    private const int Epochs = 4;
    private const float Rate = 0.5f;

    [Fact]
    public void Step_decay_ends_with_a_lower_test_loss_than_the_same_run_at_a_constant_rate()
    {
        ImageDataSet mnist = Mnist.Load(log: TextWriter.Null, mirrors: []);
        TrainingData train = new TrainingData(mnist.Train).Slice(0, 10_000), test = new TrainingData(mnist.Test).Slice(0, 2_000);

        TrainingHistory constant = Run(train, test, new ConstantRate(Rate));
        TrainingHistory stepDecay = Run(train, test, new StepDecay(Rate, factor: 0.2f, stepEpochs: 2));

        Report("constant 0.5", constant);
        Report("step decay 0.5, x0.2 every 2 epochs", stepDecay);
        Assert.True(
            stepDecay.ValidationLoss![^1] < constant.ValidationLoss![^1],
            $"test loss after {Epochs} epochs: step decay {stepDecay.ValidationLoss![^1]:F4}, constant {constant.ValidationLoss![^1]:F4}");
        Assert.True(stepDecay.ValidationMetric("accuracy")[^1] > 0.9, $"step decay test accuracy {stepDecay.ValidationMetric("accuracy")[^1]:P2}");
    }

    private static TrainingHistory Run(TrainingData train, TrainingData test, ILearningRateSchedule schedule)
    {
        var net = new MnistSmall(seed: 1, maxBatch: 32) { Threads = 1 };
        var trainer = new Trainer(net, new Sgd(Rate), batchSize: 32, seed: 1) { Schedule = schedule };
        return trainer.Fit(train, Epochs, validation: test);
    }

    private void Report(string name, TrainingHistory history)
    {
        for (int e = 0; e < history.Epochs; e++)
        {
            output.WriteLine(
                $"{name}: epoch {e + 1} lr {history.Metric("learning_rate")[e]:G3} loss {history.Loss[e]:F4} " +
                $"test loss {history.ValidationLoss![e]:F4} test accuracy {history.ValidationMetric("accuracy")[e]:P2}");
        }
    }
}
