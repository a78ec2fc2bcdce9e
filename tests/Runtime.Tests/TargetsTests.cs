using System;
using Compiled.Kernels;

namespace Compiled.Runtime.Tests;

public sealed class TargetsTests
{
    [Fact]
    public void Several_outputs_get_a_one_hot_row_per_label()
    {
        float[] targets = Array.ConvertAll(new float[12], _ => 7f); // stale values must be cleared
        Targets.FromLabels([2, 0, 3], 4, targets);
        Assert.Equal([0f, 0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 1f], targets);
    }

    [Fact]
    public void One_output_gets_the_binary_label_itself()
    {
        float[] targets = new float[4];
        Targets.FromLabels([1, 0, 0, 1], 1, targets);
        Assert.Equal([1f, 0f, 0f, 1f], targets);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    public void A_class_label_out_of_range_names_the_sample_the_label_and_the_range(int label)
    {
        float[] targets = new float[30];
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Targets.FromLabels([3, 9, label], 10, targets));
        Assert.Equal("labels", exception.ParamName);
        Assert.Equal(label, exception.ActualValue);
        Assert.Contains($"labels[2] is {label}", exception.Message);
        Assert.Contains("[0, 10)", exception.Message);
        Assert.Equal(new float[30], targets); // checked before anything is written
    }

    [Fact]
    public void A_binary_label_other_than_zero_or_one_is_rejected()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Targets.FromLabels([0, 2], 1, new float[2]));
        Assert.Contains("labels[1] is 2", exception.Message);
        Assert.Contains("0 or 1", exception.Message);
    }

    [Fact]
    public void The_caller_names_the_labels_in_the_exception()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Targets.FromLabels([5], 3, new float[3], "classes"));
        Assert.Equal("classes", exception.ParamName);
        Assert.Contains("classes[0] is 5", exception.Message);
    }

    [Fact]
    public void Targets_of_the_wrong_length_are_named()
    {
        var exception = Assert.Throws<ArgumentException>(() => Targets.FromLabels([0, 1], 3, new float[5]));
        Assert.Equal("targets", exception.ParamName);
        Assert.StartsWith("targets must have length 6 (2 samples × 3); got 5.", exception.Message);
    }

    [Fact]
    public void Zero_outputs_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("outputs", () => Targets.FromLabels([0], 0, new float[0]));
    }

    [Fact]
    public void FromLabels_allocates_nothing()
    {
        int[] labels = [1, 0, 2, 2];
        float[] targets = new float[12];
        Assert.Equal(0, Allocations.AfterWarmUp(() => Targets.FromLabels(labels, 3, targets)));
    }
}
