namespace Compiled
{
    /// <summary>How a <see cref="Conv2DAttribute"/> layer treats the border of its input.</summary>
    /// <remarks>The numeric values are part of the contract between the attributes and the generator; never renumber.</remarks>
    public enum Padding
    {
        /// <summary>No padding: the kernel visits only whole windows, so the output shrinks by kernel - 1 (the default).</summary>
        Valid = 0,

        /// <summary>
        /// Zeros around the input so that the output has ceil(input / stride) rows and columns (with stride 1, the input's
        /// size), as Keras's and PyTorch's <c>"same"</c>: half the padding above and left, the rest below and right.
        /// </summary>
        Same = 1,
    }
}
