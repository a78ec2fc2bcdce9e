using System;

namespace Compiled
{
    /// <summary>
    /// 2-D max pooling: a[c, y, x] = the largest in[c, y * Stride + i, x * Stride + j] over i, j &lt; size. No parameters;
    /// the backward pass routes each gradient to the input that was the maximum.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPool2DAttribute : Attribute
    {
        /// <summary>Declares a max-pooling layer.</summary>
        /// <param name="size">Rows and columns of the square window (at least 1).</param>
        public MaxPool2DAttribute(int size) => Size = size;

        /// <summary>Rows and columns of the square window.</summary>
        public int Size { get; }

        /// <summary>Rows and columns the window moves between two outputs; 0, the default, means the window's size (no overlap).</summary>
        public int Stride { get; set; }
    }
}
