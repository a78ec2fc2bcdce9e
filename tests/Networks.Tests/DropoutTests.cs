namespace Compiled.Networks.Tests;

public class DropoutTests
{
    [Fact]
    public void Dropout_is_active_only_while_training()
    {
        var net = new MnistMlp(seed: 1);
        float[] x = GradientCheckTests.RandomInputs(new Random(1), 3 * MnistMlp.InputSize);
        var first = new float[3 * MnistMlp.OutputSize];
        var second = new float[first.Length];
        var training = new float[first.Length];

        net.Forward(x, first);
        net.Forward(x, second);
        net.Training = true;
        net.Forward(x, training);

        Assert.Equal(first, second);
        Assert.NotEqual(first, training);
    }

    [Fact]
    public void Dropped_units_receive_no_gradient()
    {
        // One sample, Training on: a hidden unit of layer 1 that the dropout before layer 2 zeroed
        // passed nothing forward, so its bias gradient db1[i] and its row of dW2 must be exactly 0,
        // while kept units (almost surely) get nonzero gradients.
        var net = new WithDropout(seed: 2) { Training = true };
        float[] x = GradientCheckTests.RandomInputs(new Random(2), WithDropout.InputSize);
        int hidden = 9, outputs = 2, inputs = WithDropout.InputSize;
        int b1 = inputs * hidden, w2 = b1 + hidden;
        int droppedSeen = 0, keptSeen = 0;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            net.ComputeGradients(x, [0.3f, -0.2f]);
            float[] g = net.Gradients.ToArray();
            for (int i = 0; i < hidden; i++)
            {
                bool rowOfW2IsZero = Enumerable.Range(0, outputs).All(j => g[w2 + i * outputs + j] == 0);
                if (g[b1 + i] == 0)
                {
                    Assert.True(rowOfW2IsZero, $"unit {i}: db1 is 0 but its row of dW2 is not");
                    droppedSeen++;
                }
                else
                {
                    keptSeen++;
                }
            }
        }

        // Two dropouts of 0.5 and 0.1 compose to a drop rate of 0.55 over 180 draws.
        Assert.InRange(droppedSeen, 60, 140);
        Assert.True(keptSeen > 0);
    }
}
