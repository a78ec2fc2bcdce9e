using System;

namespace Compiled
{
    /// <summary>
    /// A fully connected layer: a = f(x W + b), with W of shape [inputs, units] and b of length units
    /// (a = f(x W) with <see cref="UseBias"/> = false).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        /// <summary>Declares a dense layer.</summary>
        /// <param name="units">Number of output units (at least 1).</param>
        /// <param name="activation">The activation applied after the affine map; <see cref="Activation.Identity"/> by default.</param>
        public DenseAttribute(int units, Activation activation = Activation.Identity)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>Number of output units.</summary>
        public int Units { get; }

        /// <summary>The activation applied after the affine map.</summary>
        public Activation Activation { get; }

        /// <summary>How the weights are initialized; <see cref="Compiled.Init.GlorotUniform"/> by default. Biases start at zero unless <see cref="BiasInit"/> says otherwise.</summary>
        public Init Init { get; set; } = Init.GlorotUniform;

        /// <summary>
        /// Whether the layer adds a learned bias b; true by default. False gives a = f(x W): the layer has no bias
        /// in <c>Parameters</c>, and its saved tensors are <c>fcN.weight</c> alone, as PyTorch's <c>nn.Linear(bias=False)</c>.
        /// Without a bias, an input of all zeros always gives f(0), whatever the weights learn.
        /// </summary>
        public bool UseBias { get; set; } = true;

        /// <summary>
        /// The slope (LeakyReLU, default 0.01) or saturation (ELU, default 1) of the negative side, or the initial value
        /// of every learned slope (PReLU, default 0.25). Only meaningful for <see cref="Activation.LeakyReLU"/>,
        /// <see cref="Activation.ELU"/> and <see cref="Activation.PReLU"/>.
        /// </summary>
        public double Alpha { get; set; } = double.NaN;

        /// <summary>
        /// How the biases are initialized; <see cref="Compiled.Init.Zeros"/> by default. <c>BiasInit = Init.Normal</c>
        /// draws them from N(<see cref="Mean"/>, <see cref="StdDev"/>²), as the tutorial's <c>tf.random_normal</c> biases;
        /// the Glorot and He initializers use the layer's fan-in and fan-out, as for the weights.
        /// </summary>
        public Init BiasInit { get; set; } = Init.Zeros;

        /// <summary>Mean of the weights for <see cref="Init.Normal"/>, and of the biases for <c>BiasInit = Init.Normal</c> (default 0).</summary>
        public double Mean { get; set; }

        /// <summary>Standard deviation of the weights for <see cref="Init.Normal"/>, and of the biases for <c>BiasInit = Init.Normal</c> (default 0.05, as Keras's RandomNormal).</summary>
        public double StdDev { get; set; } = 0.05;
    }
}
