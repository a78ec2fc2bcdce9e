using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace Compiled.Kernels;

/// <summary>
/// The vector operations of the generated kernels that are written once for every vector width: a kernel generic over
/// <typeparamref name="TVector"/> and an implementation of this interface is compiled by the JIT for one width, with
/// every call inlined (the implementations are structs, so each instantiation gets its own code). Serves generated
/// code; not meant to be called directly.
/// </summary>
/// <typeparam name="TVector">The vector of floats: <see cref="Vector{T}"/> or <see cref="Vector512{T}"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IVectorOps<TVector>
    where TVector : struct
{
    /// <summary>Floats in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>Every element 0.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Every element 1.</summary>
    static abstract TVector One { get; }

    /// <summary>Every element <paramref name="value"/>.</summary>
    static abstract TVector Create(float value);

    /// <summary>The vector at <paramref name="source"/> + <paramref name="offset"/> elements (no alignment needed).</summary>
    static abstract TVector Load(ref float source, nuint offset);

    /// <summary>Stores <paramref name="value"/> at <paramref name="destination"/> + <paramref name="offset"/> elements.</summary>
    static abstract void Store(TVector value, ref float destination, nuint offset);

    /// <summary>a * b + c per element: one fused multiply-add where the hardware has FMA, else a multiply and an add.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>a * b per element.</summary>
    static abstract TVector Multiply(TVector a, float b);

    /// <summary>a * b per element.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a + b per element.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a - b per element.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>The larger of a and b per element, as <see cref="Vector.Max{T}(Vector{T}, Vector{T})"/> of this runtime.</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>Per element, <paramref name="ifPositive"/> where test &gt; 0, else <paramref name="otherwise"/> (NaN is not &gt; 0).</summary>
    static abstract TVector WherePositive(TVector test, TVector ifPositive, TVector otherwise);
}

/// <summary>
/// Which vectors the generated kernels use on this machine, decided once per process. Serves generated code; not
/// meant to be called directly.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Vector{T}"/> stays 256-bit on AVX-512 machines unless the process starts with
/// <c>DOTNET_MaxVectorTBitWidth=512</c>, which leaves a third of such a core's multiply-add throughput unused. The
/// register-tiled kernels therefore run on <see cref="Vector512{T}"/> where the runtime reports it accelerated
/// (<see cref="Vector512.IsHardwareAccelerated"/>, which honours <c>DOTNET_PreferredVectorBitWidth</c>) and
/// <see cref="Vector{T}"/> is narrower; everywhere else on <see cref="Vector{T}"/>.
/// </para>
/// <para>
/// The AppContext switch <c>Compiled.Kernels.UseVector512</c> overrides that choice: <c>false</c> keeps the kernels on
/// <see cref="Vector{T}"/>; <c>true</c> runs the 512-bit kernels even where the hardware lacks them (the runtime then
/// computes each as two 256-bit halves, correct but about half as fast), which is how the tests cover them on machines
/// without AVX-512. Set it before the first network runs, for instance with a <c>RuntimeHostConfigurationOption</c>
/// item in the project file; a value read later is ignored.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorWidth
{
    /// <summary>The name of the AppContext switch that overrides <see cref="Use512"/>.</summary>
    public const string UseVector512Switch = "Compiled.Kernels.UseVector512";

    /// <summary>
    /// Whether the kernels run on <see cref="Vector512{T}"/> (<see cref="Vector512Ops"/>) rather than
    /// <see cref="Vector{T}"/> (<see cref="VectorOps"/>). Read-only after start-up, so the JIT folds the test away.
    /// </summary>
    public static readonly bool Use512 = AppContext.TryGetSwitch(UseVector512Switch, out bool forced)
        ? forced
        : Vector512.IsHardwareAccelerated && Vector<float>.Count < Vector512<float>.Count;
}

/// <summary><see cref="IVectorOps{TVector}"/> on <see cref="Vector{T}"/>, the portable width (128 to 512 bits).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VectorOps : IVectorOps<Vector<float>>
{
    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector<float>.Count;
    }

    /// <inheritdoc/>
    public static Vector<float> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector<float>.Zero;
    }

    /// <inheritdoc/>
    public static Vector<float> One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector<float>.One;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Create(float value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(ref float source, nuint offset) => Vector.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector.MultiplyAddEstimate(a, b, c);
#else
        // .NET 8 has no Vector.MultiplyAddEstimate: FMA3 on 256-bit vectors, FMLA on Arm64's 128-bit ones.
        if (Fma.IsSupported && Vector<float>.Count == Vector256<float>.Count)
        {
            return Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
        }

        if (AdvSimd.IsSupported && Vector<float>.Count == Vector128<float>.Count)
        {
            return AdvSimd.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
        }

        return (a * b) + c;
#endif
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Multiply(Vector<float> a, float b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Multiply(Vector<float> a, Vector<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Subtract(Vector<float> a, Vector<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Max(Vector<float> a, Vector<float> b) => Vector.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> WherePositive(Vector<float> test, Vector<float> ifPositive, Vector<float> otherwise) =>
        Vector.ConditionalSelect(Vector.GreaterThan(test, Vector<float>.Zero), ifPositive, otherwise);
}

/// <summary><see cref="IVectorOps{TVector}"/> on <see cref="Vector512{T}"/> (AVX-512).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector512Ops : IVectorOps<Vector512<float>>
{
    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<float>.Count;
    }

    /// <inheritdoc/>
    public static Vector512<float> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<float>.Zero;
    }

    /// <inheritdoc/>
    public static Vector512<float> One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<float>.One;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Create(float value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.MultiplyAddEstimate(a, b, c);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, float b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> WherePositive(Vector512<float> test, Vector512<float> ifPositive, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(test, Vector512<float>.Zero), ifPositive, otherwise);
}
