using System;

namespace Compiled
{
    /// <summary>
    /// Marks a <c>partial class</c> as a neural network. Its layers are the <see cref="DenseAttribute"/>, <see cref="DropoutAttribute"/>,
    /// <see cref="Conv2DAttribute"/>, <see cref="MaxPool2DAttribute"/> and <see cref="FlattenAttribute"/> attributes on the same class, in the order they are written; the
    /// Compiled source generator emits the network's forward and backward passes with every size a constant.
    /// </summary>
    /// <example>
    /// <code>
    /// [Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
    /// [Dense(256, Activation.ReLU)]
    /// [Dense(10)]
    /// public partial class MnistMlp;
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>Number of input features of one sample (at least 1); with <see cref="InputAttribute"/> it may be left out, or must equal channels * height * width.</summary>
        public int Inputs { get; set; }

        /// <summary>The loss that <c>ComputeGradients</c> and <c>TrainStep</c> minimize. Defaults to <see cref="Compiled.Loss.MeanSquaredError"/>.</summary>
        public Loss Loss { get; set; } = Loss.MeanSquaredError;
    }
}
