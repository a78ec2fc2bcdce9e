using System;
using System.Collections.Generic;

namespace Compiled;

/// <summary>
/// The per-element buffers an optimizer keeps (moments, velocity, a scratch row) and its step count t.
/// Allocated on the first step as one array sized to the parameter buffer, so later steps allocate nothing.
/// </summary>
/// <param name="bufferCount">How many buffers of the parameters' length the optimizer needs.</param>
internal sealed class OptimizerState(int bufferCount)
{
    private float[]? _storage;
    private int _length;

    /// <summary>Steps taken since construction or <see cref="Reset"/>: t in the bias corrections, 1 on the first step.</summary>
    public long Steps { get; private set; }

    /// <summary>Validates the spans of one step, allocates the buffers on the first, and counts the step.</summary>
    public void BeginStep(int parameterCount, int gradientCount)
    {
        if (gradientCount != parameterCount)
        {
            throw new ArgumentException(
                $"gradients must have the same length as parameters, {parameterCount}; got {gradientCount}.", "gradients");
        }

        if (_storage is null)
        {
            _storage = new float[checked(bufferCount * parameterCount)];
            _length = parameterCount;
        }
        else if (parameterCount != _length)
        {
            throw new ArgumentException(
                $"This optimizer holds state for a buffer of {_length} parameters but was given {parameterCount}. " +
                "An optimizer instance serves one parameter buffer: create one optimizer per buffer, or call Reset() first.",
                "parameters");
        }

        Steps++;
    }

    /// <summary>Buffer <paramref name="index"/> (0-based, below the constructor's count), the parameters' length.</summary>
    public Span<float> Buffer(int index) => _storage.AsSpan(index * _length, _length);

    /// <summary>A copy of the step count and the named buffers (none before the first step).</summary>
    /// <param name="optimizer">The optimizer's kind, recorded in the snapshot.</param>
    /// <param name="buffers">Which buffers hold state worth keeping (not scratch), by name and index.</param>
    public OptimizerSnapshot Capture(string optimizer, params (string Name, int Index)[] buffers)
    {
        var copies = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (_storage is not null && _length > 0)
        {
            foreach ((string name, int index) in buffers)
            {
                copies.Add(name, Buffer(index).ToArray());
            }
        }

        return new OptimizerSnapshot(optimizer, Steps, copies);
    }

    /// <summary>Replaces the state with a snapshot's, after checking it fits; on an error nothing changes.</summary>
    /// <exception cref="ArgumentException">The snapshot is of another kind, lacks a buffer, or its buffers differ in length.</exception>
    public void Restore(OptimizerSnapshot snapshot, string optimizer, params (string Name, int Index)[] buffers)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Optimizer != optimizer)
        {
            throw new ArgumentException($"The snapshot holds {snapshot.Optimizer} state; this optimizer is {optimizer}.", nameof(snapshot));
        }

        if (snapshot.Steps == 0 || buffers.Length == 0)
        {
            Reset();
            Steps = snapshot.Steps;
            return;
        }

        int length = -1;
        foreach ((string name, _) in buffers)
        {
            if (!snapshot.Buffers.TryGetValue(name, out float[]? values))
            {
                throw new ArgumentException($"The {optimizer} snapshot after {snapshot.Steps} steps lacks the buffer '{name}'.", nameof(snapshot));
            }

            if (length >= 0 && values.Length != length)
            {
                throw new ArgumentException($"The snapshot's buffers differ in length: '{name}' has {values.Length}, another {length}.", nameof(snapshot));
            }

            length = values.Length;
        }

        var storage = new float[checked(bufferCount * length)];
        foreach ((string name, int index) in buffers)
        {
            snapshot.Buffers[name].CopyTo(storage.AsSpan(index * length, length));
        }

        _storage = storage;
        _length = length;
        Steps = snapshot.Steps;
    }

    /// <summary>Forgets the buffers and the step count; the next step starts afresh, for any buffer length.</summary>
    public void Reset()
    {
        _storage = null;
        _length = 0;
        Steps = 0;
    }
}
