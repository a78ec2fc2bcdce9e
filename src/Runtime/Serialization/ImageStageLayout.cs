namespace Compiled.Serialization;

/// <summary>
/// One image stage of a generated network (a convolution or a max pool, before the dense layers): its sizes, padding and
/// activation, and for a convolution where its tensors sit in the parameter buffer. Generated code passes a table of
/// these, in stage order, to <see cref="ModelFile"/> and <see cref="OnnxExport"/>.
/// </summary>
/// <param name="Name">The stage's name in files, PyTorch style: <c>conv1</c> gives <c>conv1.weight</c> and <c>conv1.bias</c>; <c>pool1</c> has no tensors.</param>
/// <param name="IsConvolution">A convolution; otherwise a max pool.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="Filters">Output channels (a pool's equal its input's).</param>
/// <param name="Kernel">Rows and columns of the kernel or pool window.</param>
/// <param name="Stride">The step between two outputs.</param>
/// <param name="PadTop">Zero rows above the input.</param>
/// <param name="PadLeft">Zero columns left of the input.</param>
/// <param name="PadBottom">Zero rows below the input.</param>
/// <param name="PadRight">Zero columns right of the input.</param>
/// <param name="WeightOffset">Where a convolution's kernel starts: [Filters, Channels, Kernel, Kernel] row-major, as PyTorch stores it.</param>
/// <param name="BiasOffset">Where a convolution's bias starts: [Filters]; null without a bias (and for a pool).</param>
/// <param name="Activation">A convolution's activation.</param>
/// <param name="Alpha">The LeakyReLU slope or ELU scale; unused for other activations.</param>
public readonly record struct ImageStageLayout(
    string Name,
    bool IsConvolution,
    int Channels,
    int Filters,
    int Kernel,
    int Stride,
    int PadTop,
    int PadLeft,
    int PadBottom,
    int PadRight,
    int WeightOffset,
    int? BiasOffset,
    Activation Activation,
    float Alpha)
{
    /// <summary>The kernel's shape in files: [Filters, Channels, Kernel, Kernel].</summary>
    internal long[] WeightShape => [Filters, Channels, Kernel, Kernel];

    /// <summary>Floats of the kernel.</summary>
    internal int WeightLength => Filters * Channels * Kernel * Kernel;
}
