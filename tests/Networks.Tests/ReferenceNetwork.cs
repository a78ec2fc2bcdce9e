namespace Compiled.Networks.Tests;

/// <summary>One dense layer of a <see cref="ReferenceNetwork"/>; without <paramref name="UseBias"/>, z = h W.</summary>
internal sealed record ReferenceLayer(int Units, Activation Activation, double Alpha = double.NaN, bool UseBias = true);

/// <summary>
/// An independent, deliberately plain double-precision model of a dense network, written from the
/// math (not from the generator): z = h W + b with W stored [inputs, units] row-major (b after W, when the
/// layer has one, and a PReLU layer's slopes, one per unit, after b), then the
/// activation, then the loss averaged as PyTorch does. The gradient checks difference it centrally.
/// </summary>
internal sealed class ReferenceNetwork(int inputs, Loss loss, params ReferenceLayer[] layers)
{
    private const double Clamp = 1e-7;

    public int ParameterCount
    {
        get
        {
            int count = 0, fanIn = inputs;
            foreach (ReferenceLayer layer in layers)
            {
                count += fanIn * layer.Units + (layer.UseBias ? layer.Units : 0) + (layer.Activation == Activation.PReLU ? layer.Units : 0);
                fanIn = layer.Units;
            }

            return count;
        }
    }

    public int OutputSize => layers[^1].Units;

    /// <summary>The outputs as the generated Forward defines them (softmax probabilities under softmax cross-entropy).</summary>
    public double[] Forward(double[] parameters, float[] x, int batch) =>
        Forward(parameters, 0, Array.ConvertAll(x, v => (double)v), batch);

    /// <summary>
    /// <see cref="Forward(double[], float[], int)"/> on inputs given in double precision, with the layers' parameters
    /// starting at <paramref name="start"/> (after an image network's convolutions).
    /// </summary>
    public double[] Forward(double[] parameters, int start, double[] x, int batch)
    {
        double[] a = x;
        int width = inputs, offset = start;
        for (int l = 0; l < layers.Length; l++)
        {
            ReferenceLayer layer = layers[l];
            bool last = l == layers.Length - 1;
            var z = new double[batch * layer.Units];
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < layer.Units; j++)
                {
                    double sum = layer.UseBias ? parameters[offset + width * layer.Units + j] : 0;
                    for (int i = 0; i < width; i++)
                    {
                        sum += a[b * width + i] * parameters[offset + i * layer.Units + j];
                    }

                    z[b * layer.Units + j] = sum;
                }
            }

            Activation activation = last && loss == Compiled.Loss.SoftmaxCrossEntropy && layer.Activation == Activation.Identity
                ? Activation.Softmax
                : layer.Activation;
            int slopes = offset + width * layer.Units + (layer.UseBias ? layer.Units : 0);
            a = activation == Activation.PReLU
                ? PRelu(z, layer.Units, parameters, slopes)
                : Activate(z, batch, layer.Units, activation, layer.Alpha);
            offset = slopes + (activation == Activation.PReLU ? layer.Units : 0);
            width = layer.Units;
        }

        if (loss == Compiled.Loss.SoftmaxCrossEntropy && layers[^1].Activation is not (Activation.Identity or Activation.Softmax))
        {
            a = Activate(a, batch, width, Activation.Softmax, double.NaN);
        }

        return a;
    }

    /// <summary>The mean loss over the batch.</summary>
    public double Loss(double[] parameters, float[] x, float[] targets, int batch) =>
        LossOf(Forward(parameters, x, batch), targets, batch);

    /// <summary>The mean loss of outputs <paramref name="y"/> (from Forward) against <paramref name="targets"/>.</summary>
    public double LossOf(double[] y, float[] targets, int batch)
    {
        double sum = 0;
        for (int e = 0; e < y.Length; e++)
        {
            double t = targets[e];
            switch (loss)
            {
                case Compiled.Loss.MeanSquaredError:
                    sum += (y[e] - t) * (y[e] - t);
                    break;
                case Compiled.Loss.BinaryCrossEntropy:
                    double p = Math.Clamp(y[e], Clamp, 1 - Clamp);
                    sum -= t * Math.Log(p) + (1 - t) * Math.Log(1 - p);
                    break;
                default:
                    sum -= t == 0 ? 0 : t * Math.Log(Math.Max(y[e], Clamp));
                    break;
            }
        }

        return loss == Compiled.Loss.SoftmaxCrossEntropy ? sum / batch : sum / y.Length;
    }

    /// <summary>dLoss/dParameters by central differences: (L(p + h) - L(p - h)) / 2h for each parameter.</summary>
    public double[] NumericalGradient(double[] parameters, float[] x, float[] targets, int batch, double h = 1e-6) =>
        CentralDifferences(p => Loss(p, x, targets, batch), parameters, h);

    /// <summary>(loss(p + h e_k) - loss(p - h e_k)) / 2h for each parameter k.</summary>
    internal static double[] CentralDifferences(Func<double[], double> loss, double[] parameters, double h)
    {
        var gradient = new double[parameters.Length];
        var p = (double[])parameters.Clone();
        for (int k = 0; k < p.Length; k++)
        {
            double saved = p[k];
            p[k] = saved + h;
            double plus = loss(p);
            p[k] = saved - h;
            double minus = loss(p);
            p[k] = saved;
            gradient[k] = (plus - minus) / (2 * h);
        }

        return gradient;
    }

    // a[b, j] = z[b, j] > 0 ? z[b, j] : slope[j] * z[b, j], the slopes read from the parameters at `slopes`.
    private static double[] PRelu(double[] z, int units, double[] parameters, int slopes)
    {
        var a = new double[z.Length];
        for (int e = 0; e < z.Length; e++)
        {
            a[e] = z[e] > 0 ? z[e] : parameters[slopes + e % units] * z[e];
        }

        return a;
    }

    private static double[] Activate(double[] z, int batch, int units, Activation activation, double alpha)
    {
        var a = new double[z.Length];
        for (int b = 0; b < batch; b++)
        {
            double max = double.NegativeInfinity, total = 0;
            for (int j = 0; j < units; j++)
            {
                max = Math.Max(max, z[b * units + j]);
            }

            for (int j = 0; j < units; j++)
            {
                double v = z[b * units + j];
                a[b * units + j] = activation switch
                {
                    Activation.Identity => v,
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                    Activation.Tanh => Math.Tanh(v),
                    Activation.ReLU => Math.Max(0, v),
                    Activation.LeakyReLU => v > 0 ? v : (double.IsNaN(alpha) ? 0.01 : alpha) * v,
                    Activation.ELU => v > 0 ? v : (double.IsNaN(alpha) ? 1.0 : alpha) * (Math.Exp(v) - 1),
                    _ => Math.Exp(v - max),
                };
                total += a[b * units + j];
            }

            if (activation == Activation.Softmax)
            {
                for (int j = 0; j < units; j++)
                {
                    a[b * units + j] /= total;
                }
            }
        }

        return a;
    }
}
