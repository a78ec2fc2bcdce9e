namespace Compiled.Networks.Tests;

/// <summary>A stage of a <see cref="ReferenceImageNetwork"/>: a convolution or a max pool.</summary>
internal abstract record ReferenceStage;

/// <summary>A convolution with a square kernel; Same padding puts half the zeros above and left (rounded down), as Keras and PyTorch.</summary>
internal sealed record ReferenceConvolution(int Filters, int Kernel, Activation Activation = Activation.Identity, int Stride = 1, bool Same = false, bool UseBias = true) : ReferenceStage;

/// <summary>A max pool over a square window.</summary>
internal sealed record ReferencePool(int Size, int Stride) : ReferenceStage;

/// <summary>
/// An independent, deliberately plain double-precision model of a network with image stages, written from the math
/// (direct convolution sums over c, ki, kj with explicit bounds checks; no im2col): for each sample, each stage on
/// its [channels, height, width] maps, then the flattened features through a <see cref="ReferenceNetwork"/> of the
/// dense layers. Parameters: each convolution's kernel [filters, channels, k, k] then its bias, then the dense layers'.
/// </summary>
internal sealed class ReferenceImageNetwork
{
    private readonly (int Channels, int Height, int Width) _input;
    private readonly ReferenceStage[] _stages;
    private readonly ReferenceNetwork _dense;
    private readonly int _imageParameters;

    public ReferenceImageNetwork((int Channels, int Height, int Width) input, ReferenceStage[] stages, Loss loss, params ReferenceLayer[] dense)
    {
        _input = input;
        _stages = stages;
        (int c, int h, int w) = input;
        foreach (ReferenceStage stage in stages)
        {
            if (stage is ReferenceConvolution conv)
            {
                _imageParameters += conv.Filters * c * conv.Kernel * conv.Kernel + (conv.UseBias ? conv.Filters : 0);
            }

            (c, h, w, _, _) = Shape(stage, c, h, w);
        }

        Features = c * h * w;
        _dense = new ReferenceNetwork(Features, loss, dense);
    }

    public int Features { get; }

    public int ParameterCount => _imageParameters + _dense.ParameterCount;

    public double[] Forward(double[] parameters, float[] x, int batch)
    {
        int inputSize = _input.Channels * _input.Height * _input.Width;
        var features = new double[batch * Features];
        for (int b = 0; b < batch; b++)
        {
            double[] maps = new double[inputSize];
            for (int e = 0; e < inputSize; e++)
            {
                maps[e] = x[b * inputSize + e];
            }

            (int c, int h, int w) = _input;
            int offset = 0;
            foreach (ReferenceStage stage in _stages)
            {
                (int oc, int oh, int ow, int padTop, int padLeft) = Shape(stage, c, h, w);
                var output = new double[oc * oh * ow];
                if (stage is ReferenceConvolution conv)
                {
                    int k = conv.Kernel, biasAt = offset + conv.Filters * c * k * k;
                    for (int f = 0; f < oc; f++)
                    {
                        for (int oy = 0; oy < oh; oy++)
                        {
                            for (int ox = 0; ox < ow; ox++)
                            {
                                double sum = conv.UseBias ? parameters[biasAt + f] : 0;
                                for (int ch = 0; ch < c; ch++)
                                {
                                    for (int ki = 0; ki < k; ki++)
                                    {
                                        for (int kj = 0; kj < k; kj++)
                                        {
                                            int y = oy * conv.Stride + ki - padTop, xx = ox * conv.Stride + kj - padLeft;
                                            if (y >= 0 && y < h && xx >= 0 && xx < w)
                                            {
                                                sum += parameters[offset + ((f * c + ch) * k + ki) * k + kj] * maps[(ch * h + y) * w + xx];
                                            }
                                        }
                                    }
                                }

                                output[(f * oh + oy) * ow + ox] = Activate(sum, conv.Activation);
                            }
                        }
                    }

                    offset = biasAt + (conv.UseBias ? conv.Filters : 0);
                }
                else
                {
                    var pool = (ReferencePool)stage;
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int oy = 0; oy < oh; oy++)
                        {
                            for (int ox = 0; ox < ow; ox++)
                            {
                                double max = double.NegativeInfinity;
                                for (int i = 0; i < pool.Size; i++)
                                {
                                    for (int j = 0; j < pool.Size; j++)
                                    {
                                        max = Math.Max(max, maps[(ch * h + oy * pool.Stride + i) * w + ox * pool.Stride + j]);
                                    }
                                }

                                output[(ch * oh + oy) * ow + ox] = max;
                            }
                        }
                    }
                }

                maps = output;
                (c, h, w) = (oc, oh, ow);
            }

            Array.Copy(maps, 0, features, b * Features, Features);
        }

        return _dense.Forward(parameters, _imageParameters, features, batch);
    }

    public double Loss(double[] parameters, float[] x, float[] targets, int batch) =>
        _dense.LossOf(Forward(parameters, x, batch), targets, batch);

    /// <summary>dLoss/dParameters by central differences, as <see cref="ReferenceNetwork.NumericalGradient"/>.</summary>
    public double[] NumericalGradient(double[] parameters, float[] x, float[] targets, int batch, double h = 1e-6) =>
        ReferenceNetwork.CentralDifferences(p => Loss(p, x, targets, batch), parameters, h);

    private static (int Channels, int Height, int Width, int PadTop, int PadLeft) Shape(ReferenceStage stage, int c, int h, int w)
    {
        switch (stage)
        {
            case ReferenceConvolution { Same: true } conv:
                int oh = (h + conv.Stride - 1) / conv.Stride, ow = (w + conv.Stride - 1) / conv.Stride;
                int padH = Math.Max((oh - 1) * conv.Stride + conv.Kernel - h, 0), padW = Math.Max((ow - 1) * conv.Stride + conv.Kernel - w, 0);
                return (conv.Filters, oh, ow, padH / 2, padW / 2);
            case ReferenceConvolution conv:
                return (conv.Filters, (h - conv.Kernel) / conv.Stride + 1, (w - conv.Kernel) / conv.Stride + 1, 0, 0);
            default:
                var pool = (ReferencePool)stage;
                return (c, (h - pool.Size) / pool.Stride + 1, (w - pool.Size) / pool.Stride + 1, 0, 0);
        }
    }

    private static double Activate(double z, Activation activation) => activation switch
    {
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => Math.Max(0, z),
        Activation.LeakyReLU => z > 0 ? z : 0.01 * z,
        Activation.ELU => z > 0 ? z : Math.Exp(z) - 1,
        _ => z,
    };
}
