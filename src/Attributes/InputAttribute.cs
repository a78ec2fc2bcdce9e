using System;

namespace Compiled
{
    /// <summary>
    /// The shape of one input sample as an image: channels planes of height x width values, stored channel by channel, row by row (NCHW, as PyTorch and ONNX). Needed by
    /// <see cref="Conv2DAttribute"/> and <see cref="MaxPool2DAttribute"/>; a row of <c>inputs</c> still holds
    /// channels * height * width floats, and <see cref="NetworkAttribute.Inputs"/> may be left out.
    /// </summary>
    /// <example>
    /// <code>
    /// [Network(Loss = Loss.SoftmaxCrossEntropy)]
    /// [Input(1, 28, 28)]
    /// [Conv2D(32, 3, Activation.ReLU)]
    /// [MaxPool2D(2)]
    /// [Flatten]
    /// [Dense(10)]
    /// public partial class Digits;
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares the shape of one input sample.</summary>
        /// <param name="channels">Planes of the image (1 for grey, 3 for RGB).</param>
        /// <param name="height">Rows of each plane.</param>
        /// <param name="width">Columns of each plane.</param>
        public InputAttribute(int channels, int height, int width)
        {
            Channels = channels;
            Height = height;
            Width = width;
        }

        /// <summary>Planes of the image.</summary>
        public int Channels { get; }

        /// <summary>Rows of each plane.</summary>
        public int Height { get; }

        /// <summary>Columns of each plane.</summary>
        public int Width { get; }
    }
}
