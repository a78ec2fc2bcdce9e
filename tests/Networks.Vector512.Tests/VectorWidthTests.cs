using System.Numerics;
using System.Runtime.Intrinsics;
using Compiled.Kernels;

namespace Compiled.Networks.Tests;

/// <summary>This project's premise: the switch in its runtimeconfig.json reaches the kernels.</summary>
public class VectorWidthTests
{
    [Fact]
    public void The_kernels_of_this_test_run_use_Vector512()
    {
        Assert.True(AppContext.TryGetSwitch(VectorWidth.UseVector512Switch, out bool forced) && forced);
        Assert.True(VectorWidth.Use512);
    }

    [Fact]
    public void Vector512_is_wider_than_the_Vector_of_T_the_rest_of_the_code_uses()
    {
        // Otherwise these tests would run the same kernels as ../Networks.Tests.
        Assert.True(Vector512<float>.Count > Vector<float>.Count, $"Vector<float> is {Vector<float>.Count} wide here.");
    }
}
