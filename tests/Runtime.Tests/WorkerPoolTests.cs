using System;
using System.Threading;
using Compiled.Threading;

namespace Compiled.Runtime.Tests;

public sealed class WorkerPoolTests
{
    private sealed class CountingWork(int parts) : IParallelWork
    {
        public readonly int[] Runs = new int[parts];
        public readonly int[] ThreadIds = new int[parts];

        public void Execute(int part, ReadOnlySpan<float> input)
        {
            Interlocked.Increment(ref Runs[part]);
            ThreadIds[part] = Environment.CurrentManagedThreadId;
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 3)]
    [InlineData(4, 4)]
    public void Every_part_runs_exactly_once_per_call(int threads, int parts)
    {
        var pool = new WorkerPool(threads);
        var work = new CountingWork(parts);
        for (int call = 1; call <= 500; call++)
        {
            pool.Run(work, parts);
            Assert.All(work.Runs, runs => Assert.Equal(call, runs));
        }

        Assert.Equal(Environment.CurrentManagedThreadId, work.ThreadIds[0]);
    }

    // Each part sums its quarter of the input the caller passed: the workers read the caller's memory itself.
    private sealed class SummingWork : IParallelWork
    {
        public readonly double[] Sums = new double[4];
        public readonly int[] ThreadIds = new int[4];

        public void Execute(int part, ReadOnlySpan<float> input)
        {
            int quarter = input.Length / 4;
            double sum = 0;
            foreach (float value in input.Slice(part * quarter, quarter))
            {
                sum += value;
            }

            Sums[part] = sum;
            ThreadIds[part] = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public void Every_part_reads_the_callers_input_on_its_own_thread()
    {
        var pool = new WorkerPool(4);
        var work = new SummingWork();

        // A stack buffer: memory no other thread could reach through an array.
        Span<float> input = stackalloc float[4000];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = i;
        }

        for (int call = 0; call < 200; call++)
        {
            pool.Run(work, 4, input);
            for (int part = 0; part < 4; part++)
            {
                // The sum of i over [1000 part, 1000 part + 1000).
                Assert.Equal(1000.0 * 1000 * part + 999 * 1000 / 2.0, work.Sums[part]);
            }
        }

        Assert.Equal(4, new System.Collections.Generic.HashSet<int>(work.ThreadIds).Count);
    }

    private sealed class NestedInputWork(WorkerPool pool) : IParallelWork
    {
        public readonly SummingWork Inner = new();

        public void Execute(int part, ReadOnlySpan<float> input)
        {
            if (part == 0)
            {
                pool.Run(Inner, 4, input); // busy: every part inline, with the same input
            }
        }
    }

    [Fact]
    public void A_busy_pool_gives_the_inline_parts_the_same_input()
    {
        var pool = new WorkerPool(4);
        var nested = new NestedInputWork(pool);
        float[] input = new float[400];
        Array.Fill(input, 0.5f);
        pool.Run(nested, 2, input);
        Assert.Equal([50.0, 50.0, 50.0, 50.0], nested.Inner.Sums);
    }

    [Fact]
    public void Parts_after_the_first_run_on_worker_threads()
    {
        var pool = new WorkerPool(3);
        var work = new CountingWork(3);
        pool.Run(work, 3);
        Assert.NotEqual(work.ThreadIds[0], work.ThreadIds[1]);
        Assert.NotEqual(work.ThreadIds[0], work.ThreadIds[2]);
        Assert.NotEqual(work.ThreadIds[1], work.ThreadIds[2]);
    }

    [Fact]
    public void Workers_asleep_after_a_pause_wake_for_the_next_call()
    {
        var pool = new WorkerPool(2);
        var work = new CountingWork(2);
        pool.Run(work, 2);
        Thread.Sleep(50); // far past the spin period: the worker is blocked on the gate
        pool.Run(work, 2);
        Assert.Equal([2, 2], work.Runs);
    }

    private sealed class FailingWork : IParallelWork
    {
        public void Execute(int part, ReadOnlySpan<float> input)
        {
            if (part == 1)
            {
                throw new InvalidOperationException("part 1 failed");
            }
        }
    }

    [Fact]
    public void An_exception_in_a_worker_part_reaches_the_caller_and_the_pool_stays_usable()
    {
        var pool = new WorkerPool(2);
        var failure = Assert.Throws<AggregateException>(() => pool.Run(new FailingWork(), 2));
        Assert.Equal("part 1 failed", Assert.IsType<InvalidOperationException>(failure.InnerException).Message);

        var work = new CountingWork(2);
        pool.Run(work, 2);
        Assert.Equal([1, 1], work.Runs);
    }

    private sealed class NestedWork(WorkerPool pool) : IParallelWork
    {
        public readonly CountingWork Inner = new(2);

        public void Execute(int part, ReadOnlySpan<float> input)
        {
            if (part == 0)
            {
                pool.Run(Inner, 2); // the pool is busy with this very call: runs inline
            }
        }
    }

    [Fact]
    public void A_call_while_the_pool_is_busy_runs_every_part_on_its_own_thread()
    {
        var pool = new WorkerPool(2);
        var nested = new NestedWork(pool);
        pool.Run(nested, 2);
        Assert.Equal([1, 1], nested.Inner.Runs);
        Assert.Equal(nested.Inner.ThreadIds[0], nested.Inner.ThreadIds[1]);
    }

    [Fact]
    public void Run_allocates_nothing()
    {
        var pool = new WorkerPool(2);
        var work = new CountingWork(2);
        pool.Run(work, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < 1000; call++)
        {
            pool.Run(work, 2);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Each part records its thread's allocation count; between two parts on the same worker, only the
    // pool's own loop ran (spinning, sleeping, waking), so the counts must be equal.
    private sealed class AllocationProbe(int parts) : IParallelWork
    {
        public readonly long[] Last = new long[parts];
        public readonly long[] Grown = new long[parts];

        public void Execute(int part, ReadOnlySpan<float> input)
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            if (Last[part] != 0)
            {
                Grown[part] += now - Last[part];
            }

            Last[part] = GC.GetAllocatedBytesForCurrentThread();
        }
    }

    [Fact]
    public void Worker_threads_allocate_nothing_between_parts()
    {
        var pool = new WorkerPool(3);
        var probe = new AllocationProbe(3);
        for (int call = 0; call < 300; call++)
        {
            pool.Run(probe, 3);
            if (call % 100 == 99)
            {
                Thread.Sleep(20); // let the workers fall asleep on the gate, then wake them
            }
        }

        Assert.Equal(0, probe.Grown[1]);
        Assert.Equal(0, probe.Grown[2]);
    }

    [Fact]
    public void Bad_arguments_name_themselves()
    {
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(0)).ParamName);
        var pool = new WorkerPool(2);
        Assert.Equal("parts", Assert.Throws<ArgumentOutOfRangeException>(() => pool.Run(new CountingWork(3), 3)).ParamName);
        Assert.Equal("parts", Assert.Throws<ArgumentOutOfRangeException>(() => pool.Run(new CountingWork(1), 0)).ParamName);
        Assert.Equal("work", Assert.Throws<ArgumentNullException>(() => pool.Run(null!, 1)).ParamName);
    }
}
