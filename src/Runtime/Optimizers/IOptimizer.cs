using System;

namespace Compiled;

/// <summary>
/// Updates a flat buffer of parameters from the gradient of the loss with respect to them.
/// </summary>
/// <remarks>
/// A network keeps every weight and bias in one flat buffer and its gradients in a second buffer of the same
/// layout, so an optimizer sees only two spans and its update is one element-wise pass. An optimizer instance
/// serves one parameter buffer: implementations with state (moments, velocity, step count) size it to the
/// buffer on the first <see cref="Step"/>.
/// </remarks>
public interface IOptimizer
{
    /// <summary>Applies one update to <paramref name="parameters"/> in place.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="gradients">d loss / d parameters, element for element; the same length as <paramref name="parameters"/>.</param>
    /// <exception cref="System.ArgumentException">The lengths differ, or the optimizer already serves a buffer of another length.</exception>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients);
}
