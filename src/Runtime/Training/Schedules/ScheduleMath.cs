using System;

namespace Compiled.Training;

/// <summary>Checks shared by the schedules: arguments, and rates that underflow.</summary>
internal static class ScheduleMath
{
    /// <summary>The smallest rate a schedule returns: a decay that would reach 0 (or underflow) stops here instead.</summary>
    public const float Floor = 1e-30f;

    /// <summary>Accepts a multiplicative factor in (0, 1].</summary>
    public static float Factor(float value, string paramName) =>
        value is > 0f and <= 1f
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be in (0, 1].");

    /// <summary>Accepts an epoch &gt;= 0.</summary>
    public static int Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return epoch;
    }

    /// <summary>A rate computed in double, rounded to float and kept &gt; 0 (an optimizer refuses 0).</summary>
    public static float Positive(double rate) => Math.Max((float)rate, Floor);
}
