using Compiled.Generator.Planning;

namespace Compiled.Generator.Emission;

/// <summary>The image stages' kernels in the network's kernels class: each stage's, then the groups' gradient sum.</summary>
internal static class ImageKernelEmitter
{
    // Conv1Columns, Conv1Forward, Conv1Backward, Pool2Forward, Pool2Backward, ..., AddGroup
    public static void Emit(SourceWriter w, NetworkPlan plan)
    {
        if (plan.Image is not { } image)
        {
            return;
        }

        foreach (StagePlan stage in image.Stages)
        {
            w.Line();
            if (stage.IsConvolution)
            {
                ConvEmitter.Emit(w, stage);
            }
            else
            {
                PoolEmitter.Emit(w, stage);
            }
        }

        w.Line();
        w.Lines("""
            /// <summary>One group's kernel gradients added to the total: total[e] += group[e].</summary>
            public static void AddGroup(ReadOnlySpan<float> group, Span<float> total)
            {
                ref float source = ref MemoryMarshal.GetReference(group);
                ref float result = ref MemoryMarshal.GetReference(total);
                int e = 0;
                for (; e <= total.Length - Vector<float>.Count; e += Vector<float>.Count)
                {
                    (Vector.LoadUnsafe(ref result, (nuint)e) + Vector.LoadUnsafe(ref source, (nuint)e)).StoreUnsafe(ref result, (nuint)e);
                }

                for (; e < total.Length; e++)
                {
                    Unsafe.Add(ref result, e) += Unsafe.Add(ref source, e);
                }
            }
            """);
    }
}
