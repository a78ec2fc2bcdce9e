using System;

namespace Compiled.Runtime.Tests;

/// <summary>Counts the bytes the current thread allocates while running an action.</summary>
internal static class Allocations
{
    /// <summary>Runs <paramref name="action"/> twice to warm it up (lazy state, JIT), then returns the bytes allocated by ten more runs.</summary>
    public static long AfterWarmUp(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
