using System;
using System.Collections.Generic;

namespace Compiled.Runtime.Tests;

public class OptimizerSnapshotTests
{
    public static TheoryData<string> Kinds => new() { "Sgd", "Sgd with momentum", "Nesterov", "Adam", "AdamW", "RmsProp", "RmsProp with momentum" };

    private static IStatefulOptimizer Create(string kind) => kind switch
    {
        "Sgd" => new Sgd(0.1f, weightDecay: 0.01f),
        "Sgd with momentum" => new Sgd(0.1f, momentum: 0.9f),
        "Nesterov" => new Sgd(0.1f, momentum: 0.9f, nesterov: true),
        "Adam" => new Adam(0.01f),
        "AdamW" => new AdamW(0.01f, weightDecay: 0.1f),
        "RmsProp" => new RmsProp(0.01f),
        _ => new RmsProp(0.01f, momentum: 0.5f),
    };

    // Gradients that change every step, as in training.
    private static float[] Gradient(int step, int length)
    {
        var g = new float[length];
        for (int i = 0; i < length; i++)
        {
            g[i] = MathF.Sin(step * 1.3f + i * 0.7f);
        }

        return g;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_restored_optimizer_continues_exactly_as_the_original(string kind)
    {
        IStatefulOptimizer original = Create(kind);
        float[] parameters = [0.5f, -1f, 2f, 0.25f, 3f];
        for (int step = 0; step < 4; step++)
        {
            original.Step(parameters, Gradient(step, parameters.Length));
        }

        OptimizerSnapshot snapshot = original.CaptureState();
        IStatefulOptimizer restored = Create(kind);
        restored.RestoreState(snapshot);
        float[] copy = (float[])parameters.Clone();
        for (int step = 4; step < 8; step++)
        {
            original.Step(parameters, Gradient(step, parameters.Length));
            restored.Step(copy, Gradient(step, copy.Length));
        }

        Assert.Equal(parameters, copy);
    }

    [Fact]
    public void The_snapshot_is_a_copy_and_uses_PyTorch_names()
    {
        var adam = new Adam();
        float[] parameters = [1f, 2f];
        adam.Step(parameters, [0.5f, -0.5f]);

        OptimizerSnapshot snapshot = adam.CaptureState();
        adam.Step(parameters, [0.5f, -0.5f]);

        Assert.Equal("Adam", snapshot.Optimizer);
        Assert.Equal(1, snapshot.Steps);
        Assert.Equal(["exp_avg", "exp_avg_sq"], new SortedSet<string>(snapshot.Buffers.Keys));
        Assert.Equal(0.05f, snapshot.Buffers["exp_avg"][0], 1e-7f); // (1 - 0.9) * 0.5, unchanged by the later step
    }

    [Fact]
    public void Restoring_another_kind_or_a_partial_snapshot_throws_and_changes_nothing()
    {
        var adam = new Adam();
        float[] parameters = [1f, 2f];
        adam.Step(parameters, [0.5f, -0.5f]);
        OptimizerSnapshot before = adam.CaptureState();

        var wrongKind = Assert.Throws<ArgumentException>(() => adam.RestoreState(new Sgd(0.1f, momentum: 0.9f).CaptureState()));
        Assert.Contains("Sgd", wrongKind.Message);
        var partial = new OptimizerSnapshot("Adam", 3, new Dictionary<string, float[]> { ["exp_avg"] = [1f, 1f] });
        var missing = Assert.Throws<ArgumentException>(() => adam.RestoreState(partial));
        Assert.Contains("exp_avg_sq", missing.Message);

        OptimizerSnapshot after = adam.CaptureState();
        Assert.Equal(before.Steps, after.Steps);
        Assert.Equal(before.Buffers["exp_avg_sq"], after.Buffers["exp_avg_sq"]);
    }
}
