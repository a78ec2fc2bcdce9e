namespace Compiled
{
    /// <summary>The activation function a <see cref="DenseAttribute"/> layer applies after its affine map.</summary>
    /// <remarks>The numeric values are part of the contract between the attributes and the generator; never renumber.</remarks>
    public enum Activation
    {
        /// <summary>f(z) = z. The default: a linear layer, or logits before a fused softmax loss.</summary>
        Identity = 0,
        /// <summary>f(z) = 1 / (1 + e^-z).</summary>
        Sigmoid = 1,
        /// <summary>f(z) = tanh(z).</summary>
        Tanh = 2,
        /// <summary>f(z) = max(0, z).</summary>
        ReLU = 3,
        /// <summary>f(z) = z for z &gt; 0, Alpha * z otherwise (Alpha defaults to 0.01).</summary>
        LeakyReLU = 4,
        /// <summary>f(z) = z for z &gt; 0, Alpha * (e^z - 1) otherwise (Alpha defaults to 1).</summary>
        ELU = 5,
        /// <summary>f(z)_j = e^z_j / sum_k e^z_k over the layer's units. Last layer only.</summary>
        Softmax = 6,
        /// <summary>
        /// f(z) = 1 for z &gt; 0, 0 otherwise: Heaviside's step, the output of Rosenblatt's perceptron. Its derivative is 0
        /// wherever it is defined, so gradient descent cannot train through it (CMP0030): train a single Step layer with
        /// <c>Compiled.Training.PerceptronRule.Train</c>, the perceptron rule.
        /// </summary>
        Step = 7,
        /// <summary>
        /// f(z) = +1 for z &gt; 0, -1 otherwise: the perceptron with bipolar outputs. Like <see cref="Step"/>, trained by the
        /// perceptron rule, not by gradient descent (CMP0030).
        /// </summary>
        Sign = 8,
        /// <summary>
        /// f(z)_j = z_j for z_j &gt; 0, slope_j * z_j otherwise, with one slope per unit learned with the weights
        /// (He et al. 2015; PyTorch's <c>nn.PReLU(num_parameters = units)</c>). The slopes follow the layer's bias in
        /// <c>Parameters</c> and start at 0.25, as PyTorch's, or at <see cref="DenseAttribute.Alpha"/> when the layer sets it.
        /// </summary>
        PReLU = 9,
    }
}
