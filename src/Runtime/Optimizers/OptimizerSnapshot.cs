using System;
using System.Collections.Generic;

namespace Compiled;

/// <summary>
/// An optimizer's state at one moment: its step count and per-parameter buffers, named as PyTorch
/// names them (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, <c>square_avg</c>). A
/// checkpoint stores it so that training resumes exactly where it stopped.
/// </summary>
public sealed class OptimizerSnapshot
{
    /// <summary>Creates a snapshot.</summary>
    /// <param name="optimizer">The optimizer's kind, e.g. <c>Adam</c>.</param>
    /// <param name="steps">Steps taken; 0 before the first.</param>
    /// <param name="buffers">The buffers by name, each as long as the parameter buffer.</param>
    public OptimizerSnapshot(string optimizer, long steps, IReadOnlyDictionary<string, float[]> buffers)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Optimizer = optimizer;
        Steps = steps;
        Buffers = buffers;
    }

    /// <summary>The optimizer's kind, e.g. <c>Adam</c>.</summary>
    public string Optimizer { get; }

    /// <summary>Steps taken; 0 before the first.</summary>
    public long Steps { get; }

    /// <summary>The per-parameter buffers by name; empty before the first step.</summary>
    public IReadOnlyDictionary<string, float[]> Buffers { get; }
}

/// <summary>An optimizer whose state can be captured and restored, so a checkpoint can resume training exactly.</summary>
public interface IStatefulOptimizer : IOptimizer
{
    /// <summary>A copy of the current state.</summary>
    OptimizerSnapshot CaptureState();

    /// <summary>Replaces the state with <paramref name="snapshot"/>; on an error nothing changes.</summary>
    /// <exception cref="ArgumentException">The snapshot is of another optimizer kind, lacks a buffer, or its buffers differ in length.</exception>
    void RestoreState(OptimizerSnapshot snapshot);
}
