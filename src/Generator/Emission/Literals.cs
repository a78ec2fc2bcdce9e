using System.Globalization;

namespace Compiled.Generator.Emission;

/// <summary>How plan values are written as C# literals and in comments, independent of the machine's culture.</summary>
internal static class Literals
{
    /// <summary>A float literal that round-trips, e.g. <c>0.01f</c>.</summary>
    public static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>A number for a comment, e.g. <c>0.3</c>.</summary>
    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators, e.g. <c>269,322</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
