using System.Collections.Generic;
using Compiled.Generator.Model;

namespace Compiled.Generator.Planning;

/// <summary>
/// The image part of a network: the <c>[Conv2D]</c> and <c>[MaxPool2D]</c> layers before <c>[Flatten]</c>, as stages
/// 1..S with their shapes inferred from the input's, NCHW per sample. The dense layers read the last stage's maps
/// flattened: the features, which the dense emitters know as a0 (layer 0's activations, N0 wide).
/// </summary>
internal sealed class ImagePlan
{
    private ImagePlan(ImageShape input, List<StagePlan> stages)
    {
        Input = input;
        Stages = stages;
    }

    /// <summary>The network's input image, stage 0.</summary>
    public ImageShape Input { get; }

    public IReadOnlyList<StagePlan> Stages { get; }

    public StagePlan Last => Stages[Stages.Count - 1];

    /// <summary>Floats of one sample's features: the last stage's maps, flattened.</summary>
    public int Features => (int)Last.Output.Size;

    /// <summary>Weights and biases of every convolution, which come first in Parameters.</summary>
    public long ParameterCount
    {
        get
        {
            long count = 0;
            foreach (StagePlan stage in Stages)
            {
                count += stage.ParameterCount;
            }

            return count;
        }
    }

    /// <summary>The longest im2col matrix of any convolution (patch rows x output pixels): the per-thread scratch.</summary>
    public int ColumnsLength
    {
        get
        {
            int longest = 0;
            foreach (StagePlan stage in Stages)
            {
                if (stage.IsConvolution)
                {
                    longest = System.Math.Max(longest, stage.Patch * stage.Pixels);
                }
            }

            return longest;
        }
    }

    /// <summary>
    /// The image stages of a validated spec (the layers before the first Dense or Dropout), or null when it has none.
    /// Convolutions are numbered 1, 2, ... among themselves for their names in files (conv1, conv2), pools likewise.
    /// </summary>
    public static ImagePlan? Create(NetworkSpec spec)
    {
        if (spec.Image is null)
        {
            return null;
        }

        var stages = new List<StagePlan>();
        ImageShape shape = spec.Image;
        long offset = 0;
        int convolutions = 0, pools = 0;
        foreach (LayerSpec layer in spec.Layers)
        {
            if (!layer.IsImageLayer)
            {
                if (layer.Kind == LayerKind.Flatten)
                {
                    continue;
                }

                break;
            }

            bool convolution = layer.Kind == LayerKind.Conv2D;
            int window = layer.Kernel, stride = convolution ? layer.Stride : layer.PoolStride;
            bool same = convolution && layer.Padding == PaddingKind.Same;
            int height = OutputSize(shape.Height, window, stride, same), width = OutputSize(shape.Width, window, stride, same);
            var output = new ImageShape(convolution ? layer.Units : shape.Channels, height, width);
            var stage = new StagePlan(
                Index: stages.Count + 1,
                Kind: layer.Kind,
                Number: convolution ? ++convolutions : ++pools,
                Input: shape,
                Output: output,
                Window: window,
                Stride: stride,
                PadTop: same ? PaddingBefore(shape.Height, window, stride) : 0,
                PadLeft: same ? PaddingBefore(shape.Width, window, stride) : 0,
                Activation: layer.Activation,
                Alpha: layer.Activation switch
                {
                    ActivationKind.LeakyReLU => 0.01,
                    ActivationKind.ELU => 1.0,
                    _ => double.NaN,
                },
                Init: layer.Init,
                HasBias: convolution && layer.UseBias,
                WeightOffset: offset,
                IsLast: false);
            offset += stage.ParameterCount;
            stages.Add(stage);
            shape = output;
        }

        if (stages.Count == 0)
        {
            return null;
        }

        stages[stages.Count - 1] = stages[stages.Count - 1] with { IsLast = true };
        return new ImagePlan(spec.Image, stages);
    }

    /// <summary>
    /// Rows (or columns) of a convolution's or pool's output. Valid: (input - window) / stride + 1, which the validator
    /// requires to be whole (CMP0045). Same: ceil(input / stride), as Keras and PyTorch.
    /// </summary>
    public static int OutputSize(int input, int window, int stride, bool same) =>
        same ? (input + stride - 1) / stride : (input - window) / stride + 1;

    /// <summary>Same padding's zeros before the input (above or left): half of what the output needs, rounded down, as Keras and PyTorch.</summary>
    public static int PaddingBefore(int input, int window, int stride)
    {
        int output = OutputSize(input, window, stride, same: true);
        int total = System.Math.Max((output - 1) * stride + window - input, 0);
        return total / 2;
    }
}

/// <summary>
/// Stage s of the image part: a convolution a_s = f(K_s * a_(s-1) + b_s) or a max pool a_s = maxpool(a_(s-1)), on one
/// sample's maps of shape <see cref="Input"/> (a_0 = x), giving <see cref="Output"/>.
/// </summary>
/// <param name="Index">s, from 1.</param>
/// <param name="Kind">Conv2D or MaxPool2D.</param>
/// <param name="Number">The stage's number among its kind: conv1, conv2, pool1, ...</param>
/// <param name="Input">The maps it reads.</param>
/// <param name="Output">The maps it writes.</param>
/// <param name="Window">The kernel's or the pool window's rows and columns.</param>
/// <param name="Stride">The step between two outputs.</param>
/// <param name="PadTop">Zero rows above the input (Same padding); as many or one more below.</param>
/// <param name="PadLeft">Zero columns left of the input; as many or one more right.</param>
/// <param name="Activation">A convolution's activation (LeakyReLU and ELU with their default Alpha).</param>
/// <param name="Alpha">LeakyReLU's slope or ELU's scale; NaN for other activations.</param>
/// <param name="Init">A convolution's kernel initializer.</param>
/// <param name="HasBias">A convolution with a bias per filter.</param>
/// <param name="WeightOffset">Where a convolution's kernel starts in Parameters.</param>
/// <param name="IsLast">The last stage, whose maps are the dense layers' features.</param>
internal sealed record StagePlan(
    int Index,
    LayerKind Kind,
    int Number,
    ImageShape Input,
    ImageShape Output,
    int Window,
    int Stride,
    int PadTop,
    int PadLeft,
    ActivationKind Activation,
    double Alpha,
    InitKind Init,
    bool HasBias,
    long WeightOffset,
    bool IsLast)
{
    public bool IsConvolution => Kind == LayerKind.Conv2D;

    public bool IsFirst => Index == 1;

    public bool HasPadding => PadTop > 0 || PadLeft > 0 || PaddedBottom > 0 || PaddedRight > 0;

    /// <summary>Zero rows below the input that the last output row reads.</summary>
    public int PaddedBottom => System.Math.Max((Output.Height - 1) * Stride + Window - Input.Height - PadTop, 0);

    /// <summary>Zero columns right of the input that the last output column reads.</summary>
    public int PaddedRight => System.Math.Max((Output.Width - 1) * Stride + Window - Input.Width - PadLeft, 0);

    /// <summary>A convolution's filters: its output channels.</summary>
    public int Filters => Output.Channels;

    /// <summary>Rows of the im2col matrix: one per kernel weight of a filter, input channels x window x window.</summary>
    public int Patch => Input.Channels * Window * Window;

    /// <summary>Output pixels of one plane: the columns of the im2col matrix.</summary>
    public int Pixels => Output.Height * Output.Width;

    public long ParameterCount => IsConvolution ? (long)Filters * Patch + (HasBias ? Filters : 0) : 0;

    /// <summary>Multiply-adds of one sample's forward pass.</summary>
    public long MultiplyAdds => IsConvolution ? (long)Filters * Patch * Pixels : 0;

    /// <summary>LeakyReLU and ELU keep z for their derivative, as the dense layers do.</summary>
    public bool KeepsPreActivation => IsConvolution && Activation is ActivationKind.LeakyReLU or ActivationKind.ELU;

    /// <summary>The name in files and the summary: conv1, pool1.</summary>
    public string Name => IsConvolution ? $"conv{Number}" : $"pool{Number}";

    // Names in generated code (s is the stage number):
    public string K => $"K{Index}";

    public string KB => $"KB{Index}";

    public string Channels => $"Channels{Index}";

    public string Height => $"Height{Index}";

    public string Width => $"Width{Index}";

    public string Size => $"Size{Index}";

    /// <summary>The buffer of its output maps: _map s, or _a0 (the features) for the last stage.</summary>
    public string OutputBuffer => IsLast ? "_a0" : $"_map{Index}";

    /// <summary>The buffer of dL/d(output maps): _dMap s, or _dZ0 (which the first dense layer's input gradient fills) for the last stage.</summary>
    public string GradientBuffer => IsLast ? "_dZ0" : $"_dMap{Index}";

    /// <summary>
    /// The activation as <see cref="Emission.ActivationMath"/> reads it (a dense layer's plan: only its activation and alpha
    /// matter there), so that convolutions share the dense layers' formulas and derivatives.
    /// </summary>
    public DensePlan ActivationView => new(Index, 0, 0, Activation, Alpha, Init, 0, 0, 0, 0, HasBias);
}
