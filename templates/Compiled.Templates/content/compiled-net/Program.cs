using Compiled;

// Three interleaved spirals in the plane, one class each: no straight line separates them, two hidden layers do.
const int Classes = 3, PointsPerClass = 200, Samples = Classes * PointsPerClass;
const int Epochs = 100, BatchSize = 50;

var random = new Random(7);
float[] points = new float[Samples * SpiralNet.InputSize];   // row-major [sample, (x, y)]
int[] labels = new int[Samples];
for (int c = 0; c < Classes; c++)
{
    for (int i = 0; i < PointsPerClass; i++)
    {
        int s = c * PointsPerClass + i;
        float radius = (float)i / PointsPerClass;
        float angle = 4f * (c + radius) + 0.3f * (random.NextSingle() - 0.5f);
        points[2 * s] = radius * MathF.Sin(angle);
        points[2 * s + 1] = radius * MathF.Cos(angle);
        labels[s] = c;
    }
}

// The network's buffers are allocated here, once: TrainStep and Predict allocate nothing.
var net = new SpiralNet(seed: 1, maxBatch: Samples);
var optimizer = new Adam(learningRate: 0.01f);
int[] order = Enumerable.Range(0, Samples).ToArray();
float[] batchPoints = new float[BatchSize * SpiralNet.InputSize];
int[] batchLabels = new int[BatchSize];
int[] predicted = new int[Samples];

for (int epoch = 1; epoch <= Epochs; epoch++)
{
    random.Shuffle(order);
    float loss = 0;
    for (int start = 0; start < Samples; start += BatchSize)
    {
        for (int b = 0; b < BatchSize; b++)
        {
            int s = order[start + b];
            points.AsSpan(s * SpiralNet.InputSize, SpiralNet.InputSize).CopyTo(batchPoints.AsSpan(b * SpiralNet.InputSize));
            batchLabels[b] = labels[s];
        }

        // Mean loss of the batch; one Adam step on its gradient.
        loss += net.TrainStep(batchPoints, batchLabels, optimizer) * BatchSize / Samples;
    }

    if (epoch == 1 || epoch % 10 == 0)
    {
        net.Predict(points, predicted);
        int correct = predicted.Zip(labels).Count(pair => pair.First == pair.Second);
        Console.WriteLine($"epoch {epoch,3}: loss {loss:F4}, training accuracy {100.0 * correct / Samples:F1}%");
    }
}

Console.WriteLine($"class of (0.5, 0.5): {net.Predict([0.5f, 0.5f])}");
net.Save("spiral.safetensors");   // safetensors with PyTorch's names (fc1.weight, ...); net.Load reads it back
Console.WriteLine("saved spiral.safetensors");

/// <summary>2 inputs -> 64 ReLU -> 64 ReLU -> 3 logits, trained with softmax cross-entropy.</summary>
[Network(Inputs = 2, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(64, Activation.ReLU, Init = Init.HeUniform)]
[Dense(64, Activation.ReLU, Init = Init.HeUniform)]
[Dense(3)]
public partial class SpiralNet;
