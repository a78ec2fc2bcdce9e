using Compiled.Training;

namespace Compiled.Samples.Logic;

/// <summary>The sample's four lessons, printed as the tutorial shows them: the loss every few hundred epochs, then the truth table.</summary>
internal static class Lessons
{
    /// <summary>The tutorial's settings: SGD with learning rate 0.1, 2,000 epochs of one step per row (batch 1).</summary>
    public const float LearningRate = 0.1f;

    /// <inheritdoc cref="LearningRate"/>
    public const int Epochs = 2000;

    /// <summary>Writes the four lessons to <paramref name="output"/>; <paramref name="seed"/> draws the initial weights.</summary>
    public static void Run(TextWriter output, int epochs = Epochs, int seed = 0)
    {
        output.WriteLine($"Logic gates learned from their truth tables: SGD lr {LearningRate}, {epochs:N0} epochs, batch 1 (one step per row),");
        output.WriteLine("binary cross-entropy. A row is right when the output is on the target's side of 0.5.");
        output.WriteLine();

        var and = new Perceptron(seed);
        Lesson(output, "1. AND with one sigmoid neuron: y = sigmoid(w1 x1 + w2 x2 + b)", and, GateTraining.And, epochs);
        Span<float> p = and.Parameters;
        output.WriteLine($"   Learned w1 = {p[0]:F2}, w2 = {p[1]:F2}, b = {p[2]:F2}: only x1 = x2 = 1 lifts w1 x1 + w2 x2 above -b.");
        output.WriteLine("   One straight line separates (1, 1) from the other rows, and that is all a single neuron can draw.");
        output.WriteLine();

        Lesson(output, "2. XOR with the same single layer", new Perceptron(seed), GateTraining.Xor, epochs);
        output.WriteLine("   It fails: every output is near 0.5, and the loss stops falling near ln 2 = 0.693, the loss of");
        output.WriteLine("   answering 0.5 to everything. No straight line puts (0, 1) and (1, 0) on one side and (0, 0) and");
        output.WriteLine("   (1, 1) on the other, so the best a single layer can do is hedge.");
        output.WriteLine();

        Lesson(output, "3. XOR with a hidden layer: 2 -> Dense 4 Tanh -> Dense 1 Sigmoid", new TwoLayerNet(seed), GateTraining.Xor, epochs);
        output.WriteLine("   It learns: the hidden units each draw a line, and the output neuron combines them, which");
        output.WriteLine("   bends the boundary around the two XOR-true rows.");
        output.WriteLine();

        PerceptronLesson.Run(output);
    }

    private static void Lesson(TextWriter output, string title, INetwork network, ReadOnlySpan<float> targets, int epochs)
    {
        output.WriteLine(title);
        TrainingHistory history = GateTraining.Train(network, targets, LearningRate, epochs);
        output.WriteLine("   epoch      loss");
        for (int epoch = 1; epoch <= history.Epochs; epoch++)
        {
            if (epoch == 1 || epoch % 500 == 0 || epoch == history.Epochs)
            {
                output.WriteLine($"   {epoch,5}  {history.Loss[epoch - 1],8:F5}");
            }
        }

        float[] outputs = GateTraining.Outputs(network);
        output.WriteLine();
        output.WriteLine("   x1 x2 | target | output");
        int right = 0;
        for (int row = 0; row < 4; row++)
        {
            bool correct = outputs[row] > 0.5f == targets[row] > 0.5f;
            right += correct ? 1 : 0;
            output.WriteLine($"    {GateTraining.Inputs[2 * row]:0}  {GateTraining.Inputs[2 * row + 1]:0} |   {targets[row]:0}    | {outputs[row]:F4}  {(correct ? "right" : "WRONG")}");
        }

        output.WriteLine($"   {right} of 4 rows right.");
    }
}
