using System;

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

    /// <summary>Forgets the buffers and the step count; the next step starts afresh, for any buffer length.</summary>
    public void Reset()
    {
        _storage = null;
        _length = 0;
        Steps = 0;
    }
}
