using Compiled.Generator.Model;

namespace Compiled.Generator.Emission;

/// <summary>
/// Emits the file-local <c>VectorMath</c> class beside the kernels: the one vector operation whose spelling depends
/// on the target framework, the multiply-add of the register tiles. .NET 9 and later have
/// <c>Vector.MultiplyAddEstimate</c> (fused where the hardware has FMA); .NET 8 does not, so there it is written
/// with the FMA intrinsics .NET 8 has, and as a multiply and an add on hardware without them. Either way the JIT
/// inlines it to the same single instruction.
/// </summary>
internal static class VectorMathEmitter
{
    /// <summary>The call the kernels make for <c>a * b + c</c>.</summary>
    public const string MultiplyAdd = "VectorMath.MultiplyAdd";

    // namespace Compiled.Generated
    // {
    //     file static class VectorMath
    //     {
    //         public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) => ...;
    //     }
    // }
    public static void Emit(SourceWriter w, TargetApis target)
    {
        using (w.OpenBlock("namespace Compiled.Generated"))
        {
            w.Lines("""
                using System.Numerics;
                using System.Runtime.CompilerServices;
                """);
            if (!target.VectorMultiplyAddEstimate)
            {
                w.Lines("""
                    using System.Runtime.Intrinsics;
                    using System.Runtime.Intrinsics.Arm;
                    using System.Runtime.Intrinsics.X86;
                    """);
            }

            w.Line();
            w.Line("/// <summary>Vector operations of the kernels that depend on the target framework.</summary>");
            using (w.OpenBlock("file static class VectorMath"))
            {
                w.Line("/// <summary>a * b + c per element: one fused multiply-add where the hardware has FMA.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                if (target.VectorMultiplyAddEstimate)
                {
                    w.Line("public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) => Vector.MultiplyAddEstimate(a, b, c);");
                    return;
                }

                // .NET 8: what Vector.MultiplyAddEstimate does on .NET 9, spelled with .NET 8's intrinsics. The
                // conditions are constants to the JIT, which keeps one branch.
                w.Lines("""
                    public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c)
                    {
                        // .NET 8 has no Vector.MultiplyAddEstimate: x64 FMA3 on 256-bit vectors, Arm64 FMLA on 128-bit ones,
                        // else a multiply and an add.
                        if (Fma.IsSupported && Vector<float>.Count == Vector256<float>.Count)
                        {
                            return Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
                        }

                        if (AdvSimd.IsSupported && Vector<float>.Count == Vector128<float>.Count)
                        {
                            return AdvSimd.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
                        }

                        return a * b + c;
                    }
                    """);
            }
        }
    }
}
