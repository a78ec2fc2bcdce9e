using System;

namespace Compiled.Runtime.Tests;

/// <summary>The reference gradient of the kernel tests: central differences of a double-precision function.</summary>
internal static class FiniteDifferences
{
    /// <summary>df/dx_i ≈ (f(x + h e_i) - f(x - h e_i)) / 2h, with error O(h²).</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = 1e-5)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + h;
            double plus = f(x);
            x[i] = saved - h;
            double minus = f(x);
            x[i] = saved;
            gradient[i] = (plus - minus) / (2 * h);
        }

        return gradient;
    }
}
