using System;

namespace Compiled.Initializers;

/// <summary>
/// Draws a layer's initial weights. Each method fills a whole span from a <see cref="SeededRandom"/>, so a
/// network constructed with the same seed starts from the same weights everywhere.
/// </summary>
/// <remarks>
/// fanIn is the number of inputs of a unit and fanOut the number of units (a dense layer's W is [fanIn, fanOut]).
/// The scaled initializers keep the variance of activations (He) or of activations and gradients (Glorot) roughly
/// constant from layer to layer.
/// </remarks>
public static class WeightInit
{
    /// <summary>U(-l, l) with l = sqrt(6 / (fanIn + fanOut)), so Var(w) = 2 / (fanIn + fanOut) (Glorot and Bengio, 2010).</summary>
    /// <param name="weights">The weights to overwrite.</param>
    /// <param name="fanIn">Inputs per unit, at least 1.</param>
    /// <param name="fanOut">Units, at least 1.</param>
    /// <param name="random">The source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException">A fan is below 1.</exception>
    public static void GlorotUniform(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        ExpectFans(fanIn, fanOut);
        Uniform(weights, MathF.Sqrt(6f / ((float)fanIn + fanOut)), random);
    }

    /// <summary>N(0, σ²) with σ = sqrt(2 / (fanIn + fanOut)) (Glorot and Bengio, 2010).</summary>
    /// <param name="weights">The weights to overwrite.</param>
    /// <param name="fanIn">Inputs per unit, at least 1.</param>
    /// <param name="fanOut">Units, at least 1.</param>
    /// <param name="random">The source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException">A fan is below 1.</exception>
    public static void GlorotNormal(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        ExpectFans(fanIn, fanOut);
        Normal(weights, 0f, MathF.Sqrt(2f / ((float)fanIn + fanOut)), random);
    }

    /// <summary>U(-l, l) with l = sqrt(6 / fanIn), so Var(w) = 2 / fanIn (He et al., 2015): for ReLU layers.</summary>
    /// <param name="weights">The weights to overwrite.</param>
    /// <param name="fanIn">Inputs per unit, at least 1.</param>
    /// <param name="random">The source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is below 1.</exception>
    public static void HeUniform(Span<float> weights, int fanIn, SeededRandom random)
    {
        ExpectFan(fanIn, nameof(fanIn));
        Uniform(weights, MathF.Sqrt(6f / fanIn), random);
    }

    /// <summary>N(0, σ²) with σ = sqrt(2 / fanIn) (He et al., 2015): for ReLU layers.</summary>
    /// <param name="weights">The weights to overwrite.</param>
    /// <param name="fanIn">Inputs per unit, at least 1.</param>
    /// <param name="random">The source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is below 1.</exception>
    public static void HeNormal(Span<float> weights, int fanIn, SeededRandom random)
    {
        ExpectFan(fanIn, nameof(fanIn));
        Normal(weights, 0f, MathF.Sqrt(2f / fanIn), random);
    }

    /// <summary>N(mean, stdDev²): w = mean + stdDev z with z from <see cref="SeededRandom.NextGaussian"/>.</summary>
    /// <param name="weights">The weights to overwrite.</param>
    /// <param name="mean">The mean, finite.</param>
    /// <param name="stdDev">The standard deviation, finite and &gt;= 0 (0 fills with <paramref name="mean"/>).</param>
    /// <param name="random">The source of randomness.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite, or <paramref name="stdDev"/> is negative or not finite.</exception>
    public static void Normal(Span<float> weights, float mean, float stdDev, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!float.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "mean must be finite.");
        }

        if (!(float.IsFinite(stdDev) && stdDev >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(stdDev), stdDev, "stdDev must be finite and >= 0.");
        }

        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = mean + stdDev * random.NextGaussian();
        }
    }

    /// <summary>Every weight 0.</summary>
    /// <param name="weights">The weights to overwrite.</param>
    public static void Zeros(Span<float> weights) => weights.Clear();

    /// <summary>Fills <paramref name="weights"/> with the initializer <paramref name="init"/> names.</summary>
    /// <param name="weights">The weights to overwrite.</param>
    /// <param name="init">Which initializer.</param>
    /// <param name="fanIn">Inputs per unit, at least 1 (checked for every initializer).</param>
    /// <param name="fanOut">Units, at least 1 (checked for every initializer).</param>
    /// <param name="random">The source of randomness; consumed only by the random initializers.</param>
    /// <param name="mean">The mean for <see cref="Init.Normal"/>; ignored otherwise.</param>
    /// <param name="stdDev">The standard deviation for <see cref="Init.Normal"/>; ignored otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException">A fan is below 1, <paramref name="init"/> is not a defined value, or the
    /// <see cref="Init.Normal"/> parameters are out of range.</exception>
    public static void Fill(Span<float> weights, Init init, int fanIn, int fanOut, SeededRandom random, float mean = 0f, float stdDev = 0.05f)
    {
        ExpectFans(fanIn, fanOut);
        ArgumentNullException.ThrowIfNull(random);
        switch (init)
        {
            case Init.GlorotUniform: GlorotUniform(weights, fanIn, fanOut, random); break;
            case Init.GlorotNormal: GlorotNormal(weights, fanIn, fanOut, random); break;
            case Init.HeUniform: HeUniform(weights, fanIn, random); break;
            case Init.HeNormal: HeNormal(weights, fanIn, random); break;
            case Init.Normal: Normal(weights, mean, stdDev, random); break;
            case Init.Zeros: Zeros(weights); break;
            default: throw new ArgumentOutOfRangeException(nameof(init), init, "init is not a defined Compiled.Init value.");
        }
    }

    // w = l (2u - 1) with u in [0, 1) on a 2^-24 grid: 2u - 1 is exact in float, so w lies in [-l, l).
    private static void Uniform(Span<float> weights, float limit, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = limit * (2f * random.NextSingle() - 1f);
        }
    }

    private static void ExpectFans(int fanIn, int fanOut)
    {
        ExpectFan(fanIn, nameof(fanIn));
        ExpectFan(fanOut, nameof(fanOut));
    }

    private static void ExpectFan(int fan, string paramName)
    {
        if (fan < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, fan, $"{paramName} must be at least 1.");
        }
    }
}
