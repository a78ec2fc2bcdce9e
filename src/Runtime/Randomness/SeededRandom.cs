using System;
using System.Globalization;
using System.Numerics;

namespace Compiled;

/// <summary>
/// A small, fast pseudo-random generator whose sequence depends only on its seed: the same seed gives the same
/// numbers on every run, runtime version and platform, so networks initialize and shuffle reproducibly.
/// </summary>
/// <remarks>
/// The generator is xoshiro128** (Blackman and Vigna, 2018): 128 bits of state, 32-bit outputs, period 2^128 - 1.
/// The state is filled from the 64-bit seed by two outputs of SplitMix64, which never yields an all-zero state
/// and spreads nearby seeds (0, 1, 2, ...) into unrelated states. <see cref="System.Random"/> is not used because
/// its algorithm for a given seed is not guaranteed across .NET versions.
/// Not thread-safe, and not for cryptography. No call allocates.
/// </remarks>
public sealed class SeededRandom
{
    private const float SingleUnit = 1f / (1 << 24);    // 2^-24: a float in [0, 1) has 24 significant bits.
    private const double DoubleUnit = 1.0 / (1L << 53); // 2^-53: a double in [0, 1) has 53 significant bits.

    private uint _s0, _s1, _s2, _s3;
    private float _spareGaussian;
    private bool _hasSpareGaussian;

    /// <summary>Creates a generator whose whole sequence is determined by <paramref name="seed"/>.</summary>
    /// <param name="seed">Any value; 0 is fine.</param>
    public SeededRandom(ulong seed)
    {
        ulong first = SplitMix64(ref seed), second = SplitMix64(ref seed);
        _s0 = (uint)first;
        _s1 = (uint)(first >> 32);
        _s2 = (uint)second;
        _s3 = (uint)(second >> 32);
    }

    /// <summary>The next 32 uniformly distributed random bits.</summary>
    public uint NextUInt32()
    {
        // xoshiro128**: the ** scrambler rotl(s1 * 5, 7) * 9 over the xorshift-rotate linear engine.
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>A uniform float in [0, 1): the top 24 bits of <see cref="NextUInt32"/> times 2^-24, so every value is exact.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * SingleUnit;

    /// <summary>A uniform double in [0, 1): 53 random bits (from two <see cref="NextUInt32"/> calls) times 2^-53.</summary>
    public double NextDouble()
    {
        ulong bits = ((ulong)NextUInt32() << 32 | NextUInt32()) >> 11;
        return bits * DoubleUnit;
    }

    /// <summary>A standard normal sample, N(0, 1).</summary>
    /// <remarks>
    /// Box–Muller in double precision: with u1 in (0, 1] and u2 in [0, 1), r = sqrt(-2 ln u1) and θ = 2π u2 give two
    /// independent normals r cos θ and r sin θ. The second is kept and returned by the next call.
    /// </remarks>
    public float NextGaussian()
    {
        if (_hasSpareGaussian)
        {
            _hasSpareGaussian = false;
            return _spareGaussian;
        }

        double u1 = 1.0 - NextDouble(); // (0, 1], so the log is finite.
        double theta = 2.0 * Math.PI * NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = (float)(r * Math.Sin(theta));
        _hasSpareGaussian = true;
        return (float)(r * Math.Cos(theta));
    }

    /// <summary>The whole state as text, for checkpoints: the four state words and the spare Gaussian, in hexadecimal.</summary>
    internal string ExportState() => string.Join(
        ",",
        _s0.ToString("x8", CultureInfo.InvariantCulture),
        _s1.ToString("x8", CultureInfo.InvariantCulture),
        _s2.ToString("x8", CultureInfo.InvariantCulture),
        _s3.ToString("x8", CultureInfo.InvariantCulture),
        _hasSpareGaussian ? BitConverter.SingleToUInt32Bits(_spareGaussian).ToString("x8", CultureInfo.InvariantCulture) : "-");

    /// <summary>Parses <see cref="ExportState"/>'s text without changing anything; null when it is malformed.</summary>
    internal static Action<SeededRandom>? ParseState(string text)
    {
        string[] parts = text.Split(',');
        var words = new uint[5];
        if (parts.Length != 5)
        {
            return null;
        }

        for (int i = 0; i < 5; i++)
        {
            if (!(i == 4 && parts[i] == "-") && !uint.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]))
            {
                return null;
            }
        }

        // xoshiro's state must not be all zero: it would stay zero forever.
        if ((words[0] | words[1] | words[2] | words[3]) == 0)
        {
            return null;
        }

        bool hasSpare = parts[4] != "-";
        return random =>
        {
            (random._s0, random._s1, random._s2, random._s3) = (words[0], words[1], words[2], words[3]);
            random._hasSpareGaussian = hasSpare;
            random._spareGaussian = hasSpare ? BitConverter.UInt32BitsToSingle(words[4]) : 0f;
        };
    }

    // SplitMix64 (Steele, Lea and Flood, 2014): a Weyl sequence through a 64-bit finalizer; recommended by the
    // xoshiro authors for seeding because consecutive outputs of any seed are well mixed and never both zero.
    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
