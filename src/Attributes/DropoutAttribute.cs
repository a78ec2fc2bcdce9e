using System;

namespace Compiled
{
    /// <summary>
    /// Inverted dropout on the activations of the layer before it: while the network's <c>Training</c> property
    /// is true each activation is zeroed with probability <see cref="Rate"/> and the survivors are scaled by
    /// 1 / (1 - Rate); otherwise it passes values through unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DropoutAttribute : Attribute
    {
        /// <summary>Declares a dropout layer.</summary>
        /// <param name="rate">Probability of dropping each activation, in [0, 1).</param>
        public DropoutAttribute(double rate) => Rate = rate;

        /// <summary>Probability of dropping each activation, in [0, 1).</summary>
        public double Rate { get; }
    }
}
