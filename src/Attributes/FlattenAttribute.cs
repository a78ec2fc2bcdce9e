using System;

namespace Compiled
{
    /// <summary>
    /// Flattens the image of the layer before it (channels x height x width) into one row of features for the dense
    /// layers that follow, in channel, row, column order (as PyTorch's <c>flatten</c> of NCHW). Moves no data.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class FlattenAttribute : Attribute
    {
    }
}
