using System;

namespace Compiled
{
    /// <summary>
    /// A 2-D convolution: a[f, y, x] = f(sum over c, i, j of K[f, c, i, j] * in[c, y * Stride + i, x * Stride + j] + b[f]),
    /// with the kernel K of shape [filters, channels, kernel, kernel] (PyTorch's layout) and b of length filters.
    /// </summary>
    /// <remarks>
    /// LeakyReLU and ELU use their default Alpha (0.01 and 1). The weights' fan-in is channels * kernel * kernel and their
    /// fan-out filters * kernel * kernel, as Keras counts them.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Conv2DAttribute : Attribute
    {
        /// <summary>Declares a convolution layer.</summary>
        /// <param name="filters">Output channels (at least 1).</param>
        /// <param name="kernel">Rows and columns of the square kernel (at least 1).</param>
        /// <param name="activation">Applied to every output; <see cref="Activation.Identity"/> by default. Not Softmax.</param>
        public Conv2DAttribute(int filters, int kernel, Activation activation = Activation.Identity)
        {
            Filters = filters;
            Kernel = kernel;
            Activation = activation;
        }

        /// <summary>Output channels.</summary>
        public int Filters { get; }

        /// <summary>Rows and columns of the square kernel.</summary>
        public int Kernel { get; }

        /// <summary>The activation applied to every output.</summary>
        public Activation Activation { get; }

        /// <summary>Rows and columns the kernel moves between two outputs; 1 by default.</summary>
        public int Stride { get; set; } = 1;

        /// <summary>How the border is treated; <see cref="Compiled.Padding.Valid"/> (none) by default.</summary>
        public Padding Padding { get; set; } = Padding.Valid;

        /// <summary>How the kernel is initialized; <see cref="Compiled.Init.GlorotUniform"/> by default (Init.Normal draws N(0, 0.05^2)). Biases start at zero.</summary>
        public Init Init { get; set; } = Init.GlorotUniform;

        /// <summary>Whether the layer adds a learned bias per filter; true by default.</summary>
        public bool UseBias { get; set; } = true;
    }
}
