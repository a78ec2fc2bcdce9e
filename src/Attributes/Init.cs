namespace Compiled
{
    /// <summary>How a <see cref="DenseAttribute"/> layer's weights are drawn when the network is constructed.</summary>
    /// <remarks>The numeric values are part of the contract between the attributes and the generator; never renumber.</remarks>
    public enum Init
    {
        /// <summary>U(-l, l) with l = sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010). The default.</summary>
        GlorotUniform = 0,
        /// <summary>N(0, s^2) with s = sqrt(2 / (fanIn + fanOut)).</summary>
        GlorotNormal = 1,
        /// <summary>U(-l, l) with l = sqrt(6 / fanIn) (He et al., 2015): for ReLU layers.</summary>
        HeUniform = 2,
        /// <summary>N(0, s^2) with s = sqrt(2 / fanIn): for ReLU layers.</summary>
        HeNormal = 3,
        /// <summary>N(Mean, StdDev^2) with the layer's <see cref="DenseAttribute.Mean"/> and <see cref="DenseAttribute.StdDev"/>.</summary>
        Normal = 4,
        /// <summary>Every weight 0. Only sensible for a single layer: hidden units that start equal stay equal.</summary>
        Zeros = 5,
    }
}
