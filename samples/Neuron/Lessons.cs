namespace Compiled.Samples.Neuron;

/// <summary>The sample's four lessons, printed as the tutorial shows them: a table of the neuron every few epochs, then what it means.</summary>
internal static class Lessons
{
    /// <summary>The learning rate of every lesson: plain SGD.</summary>
    public const float LearningRate = 0.1f;

    /// <summary>Epochs of every lesson.</summary>
    public const int Epochs = 1000;

    /// <summary>The starting weight and bias of lessons 1 and 2 (z = 0.6 + 0.9 = 1.5: the neuron starts out wrong).</summary>
    public const float StartWeight = 0.6f, StartBias = 0.9f;

    /// <summary>Writes all four lessons to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, int epochs = Epochs)
    {
        output.WriteLine("One neuron, y = f(w x + b), trained by gradient descent on a single example (mean squared error, SGD lr 0.1).");
        output.WriteLine();

        Lesson(output, "1. Sigmoid learns x = 1 -> y = 0", new SigmoidNeuron(), x: 1, target: 0, StartWeight, StartBias, epochs);
        output.WriteLine("   The output falls toward 0: w and b are pushed down together until sigmoid(w + b) is small.");
        output.WriteLine("   Sigmoid never reaches 0, and it learns more slowly as its slope flattens.");
        output.WriteLine();

        Lesson(output, "2. ReLU learns x = 1 -> y = 0", new ReLUNeuron(), x: 1, target: 0, StartWeight, StartBias, epochs);
        output.WriteLine("   ReLU's slope is 1 while w + b > 0, so each step takes 40% off the output (z -> 0.6 z):");
        output.WriteLine("   far faster than sigmoid, whose slope is at most 0.25 and shrinks as its output nears 0.");
        output.WriteLine();

        Lesson(output, "3. Without a bias: x = 0 -> y = 1", new NeuronWithoutBias(), x: 0, target: 1, StartWeight, 0, epochs);
        output.WriteLine("   Stuck at sigmoid(0) = 0.5: with x = 0, z = w * 0 = 0 whatever w is, and dL/dw = dL/dz * x = 0,");
        output.WriteLine("   so the weight never moves. No weight can map an input of 0 to anything but f(0).");
        output.WriteLine();

        Lesson(output, "4. With a bias: x = 0 -> y = 1", new SigmoidNeuron(), x: 0, target: 1, StartWeight, 0, epochs);
        output.WriteLine("   dL/db = dL/dz, which x = 0 does not cancel: the bias grows and the output climbs toward 1.");
        output.WriteLine("   (w still never moves: it is the bias that does the work.)");
    }

    private static void Lesson(TextWriter output, string title, INetwork neuron, float x, float target, float weight, float bias, int epochs)
    {
        bool hasBias = NeuronTraining.HasBias(neuron);
        output.WriteLine(title);
        output.WriteLine($"   start: w = {weight:0.0##}{(hasBias ? $", b = {bias:0.0##}" : ", no bias")}");
        output.WriteLine(hasBias ? "   epoch        w        b   output      loss" : "   epoch        w   output      loss");
        foreach (NeuronState state in NeuronTraining.Train(neuron, weight, bias, x, target, LearningRate, epochs))
        {
            if (Shown(state.Epoch) || state.Epoch == epochs)
            {
                string b = state.Bias is float value ? $" {value,8:F4}" : "";
                output.WriteLine($"   {state.Epoch,5} {state.Weight,8:F4}{b} {state.Output,8:F4} {state.Loss,9:F6}");
            }
        }

        output.WriteLine();
    }

    // Epochs 0, 1, 2, 5, 10, 20, 50, 100, ...: the first steps and the long run in one short table.
    private static bool Shown(int epoch)
    {
        for (int decade = 1; decade <= epoch; decade *= 10)
        {
            if (epoch == decade || epoch == 2 * decade || epoch == 5 * decade)
            {
                return true;
            }
        }

        return epoch == 0;
    }
}
