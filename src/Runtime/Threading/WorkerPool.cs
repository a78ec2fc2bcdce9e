using System;
using System.Diagnostics;
using System.Threading;

namespace Compiled.Threading;

/// <summary>One part of a piece of work that a <see cref="WorkerPool"/> splits across threads.</summary>
/// <remarks>
/// Generated networks implement it: a part is a range of a batch's rows (or of a weight matrix's rows),
/// read from fields the network set before <see cref="WorkerPool.Run(IParallelWork, int, ReadOnlySpan{float})"/>,
/// and from the caller's input span, which the pool hands to every part. Parts must not write to the same memory,
/// and every part must finish: an exception is rethrown on the calling thread.
/// </remarks>
public interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/> (0-based) of the current work.</summary>
    /// <param name="part">The part to run.</param>
    /// <param name="input">The span the caller gave <see cref="WorkerPool.Run(IParallelWork, int, ReadOnlySpan{float})"/> (empty if none): the same memory on every thread.</param>
    void Execute(int part, ReadOnlySpan<float> input);
}

/// <summary>
/// Persistent worker threads for the kernels of generated networks: <see cref="Run(IParallelWork, int, ReadOnlySpan{float})"/> hands out parts of
/// one piece of work, runs part 0 on the calling thread, and returns when every part is done. Nothing is
/// allocated per call, so a training step stays allocation-free.
/// </summary>
/// <remarks>
/// Between calls the workers spin for a short while (the next kernel of a training step follows within
/// microseconds), then sleep until the next call. A call made while another thread is using the pool runs
/// all its parts on the calling thread instead of waiting: two networks trained on two threads each keep
/// their own thread busy. Workers are background threads: they never keep a process alive.
/// </remarks>
public sealed unsafe class WorkerPool
{
    private static readonly Lazy<WorkerPool> SharedPool = new(() => new WorkerPool(Environment.ProcessorCount));

    /// <summary>How long an idle worker spins before it sleeps: long enough to span the gap between two kernels.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000; // 200 µs

    private readonly object _gate = new();
    private readonly int _workers;
    private IParallelWork? _work;
    private float* _input;
    private int _inputLength;
    private int _parts;
    private int _generation;
    private int _pending;
    private int _sleepers;
    private int _busy;
    private Exception? _failure;

    /// <summary>Creates a pool that runs up to <paramref name="threads"/> parts at once: the caller and threads - 1 workers.</summary>
    /// <param name="threads">At least 1; 1 makes a pool with no worker threads that runs every part on the caller.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _workers = threads - 1;
        for (int index = 1; index <= _workers; index++)
        {
            int part = index;
            var thread = new Thread(() => Work(part)) { IsBackground = true, Name = $"Compiled worker {part}" };
            thread.Start();
        }
    }

    /// <summary>The process-wide pool, one thread per logical processor (created on first use).</summary>
    public static WorkerPool Shared => SharedPool.Value;

    /// <summary>The most parts that run at the same time: the worker threads plus the caller.</summary>
    public int Threads => _workers + 1;

    /// <summary>
    /// Runs <c>work.Execute(part, input)</c> for every part in [0, <paramref name="parts"/>), with no input.
    /// </summary>
    /// <param name="work">The work; its fields describe what each part does.</param>
    /// <param name="parts">1 to <see cref="Threads"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is below 1 or above <see cref="Threads"/>.</exception>
    public void Run(IParallelWork work, int parts) => Run(work, parts, ReadOnlySpan<float>.Empty);

    /// <summary>
    /// Runs <c>work.Execute(part, input)</c> for every part in [0, <paramref name="parts"/>): part 0 on the calling
    /// thread, the others on workers. Returns when all are done; rethrows the first exception a part threw.
    /// </summary>
    /// <remarks>
    /// The workers read <paramref name="input"/> itself, not a copy: it stays pinned until every part is done, so a
    /// caller's span (a slice of a batch array, stack or native memory) is shared without copying it.
    /// </remarks>
    /// <param name="work">The work; its fields describe what each part does.</param>
    /// <param name="parts">1 to <see cref="Threads"/>.</param>
    /// <param name="input">A span every part may read: typically the batch of inputs the caller was given.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is below 1 or above <see cref="Threads"/>.</exception>
    public void Run(IParallelWork work, int parts, ReadOnlySpan<float> input)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (parts < 1 || parts > Threads)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), parts, $"parts must be between 1 and Threads ({Threads}).");
        }

        if (parts == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // One part, or the pool is busy with another caller: every part on this thread.
            for (int part = 0; part < parts; part++)
            {
                work.Execute(part, input);
            }

            return;
        }

        fixed (float* pinned = input)
        {
            RunPinned(work, parts, pinned, input);
        }
    }

    // Run's split, with the pool taken (_busy is 1) and the input pinned at `pinned` until it returns.
    private void RunPinned(IParallelWork work, int parts, float* pinned, ReadOnlySpan<float> input)
    {
        try
        {
            _work = work;
            _input = pinned;
            _inputLength = input.Length;
            _parts = parts;
            _failure = null;
            Volatile.Write(ref _pending, _workers);
            Interlocked.Increment(ref _generation); // a full fence: the fields above are visible before the new generation
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }

            try
            {
                work.Execute(0, input);
            }
            finally
            {
                var spinner = default(SpinWait);
                while (Volatile.Read(ref _pending) != 0)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                _work = null;
                _input = null;
            }

            if (_failure is { } failure)
            {
                throw new AggregateException("A part of the parallel work failed.", failure);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void Work(int part)
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForGeneration(seen);
            try
            {
                if (part < _parts)
                {
                    _work!.Execute(part, new ReadOnlySpan<float>(_input, _inputLength));
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _failure, exception, null);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    // Spins briefly for the next call, then sleeps on the gate; returns the new generation.
    private int WaitForGeneration(int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _generation) == seen)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (_gate)
                {
                    Interlocked.Increment(ref _sleepers); // a full fence before reading the generation (see Run)
                    while (Volatile.Read(ref _generation) == seen)
                    {
                        Monitor.Wait(_gate);
                    }

                    Interlocked.Decrement(ref _sleepers);
                }

                break;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return Volatile.Read(ref _generation);
    }
}
