using System;

namespace Compiled;

/// <summary>
/// Checks on optimizer hyper-parameters. Each returns the value it accepts, so a constructor reads as a list of
/// assignments, and throws <see cref="ArgumentOutOfRangeException"/> naming the parameter otherwise.
/// </summary>
internal static class HyperParameter
{
    /// <summary>Accepts a finite value &gt; 0 (learning rates).</summary>
    public static float Positive(float value, string paramName) =>
        float.IsFinite(value) && value > 0f
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number greater than 0.");

    /// <summary>Accepts a finite value &gt;= 0 (weight decay, epsilon).</summary>
    public static float NonNegative(float value, string paramName) =>
        float.IsFinite(value) && value >= 0f
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number greater than or equal to 0.");

    /// <summary>Accepts a value in [0, 1): decay rates of moving averages (betas, alpha, momentum), where 1 would never forget.</summary>
    public static float DecayRate(float value, string paramName) =>
        value is >= 0f and < 1f
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be in [0, 1).");
}
