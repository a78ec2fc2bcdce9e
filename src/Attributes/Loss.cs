namespace Compiled
{
    /// <summary>The loss a <see cref="NetworkAttribute"/> network minimizes. Each is averaged over the batch.</summary>
    /// <remarks>The numeric values are part of the contract between the attributes and the generator; never renumber.</remarks>
    public enum Loss
    {
        /// <summary>mean over every output of (y - t)^2, as PyTorch's <c>MSELoss</c>.</summary>
        MeanSquaredError = 0,
        /// <summary>mean over every output of -(t log y + (1 - t) log(1 - y)), as PyTorch's <c>BCELoss</c>;
        /// fused with a Sigmoid output layer into dz = y - t.</summary>
        BinaryCrossEntropy = 1,
        /// <summary>mean over samples of -sum_j t_j log softmax(z)_j, as PyTorch's <c>CrossEntropyLoss</c>;
        /// the softmax is fused into the loss (dz = p - t), so the last layer should output logits
        /// (<see cref="Activation.Identity"/>) or declare <see cref="Activation.Softmax"/>.</summary>
        SoftmaxCrossEntropy = 2,
    }
}
