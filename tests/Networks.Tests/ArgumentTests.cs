namespace Compiled.Networks.Tests;

/// <summary>Wrong sizes throw ArgumentException naming the argument and the expected length, before any work.</summary>
public class ArgumentTests
{
    private readonly MnistMlp _net = new(seed: 1, maxBatch: 8);

    [Fact]
    public void Inputs_that_are_not_whole_samples_name_inputs_and_the_sample_width()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.Forward(new float[783], new float[10]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("784", error.Message);
    }

    [Fact]
    public void Empty_inputs_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.Forward([], []));
        Assert.Equal("inputs", error.ParamName);
    }

    [Fact]
    public void Outputs_of_the_wrong_length_name_outputs_and_the_expected_length()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.Forward(new float[2 * 784], new float[19]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("20", error.Message);
    }

    [Fact]
    public void Labels_of_the_wrong_count_name_labels()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.ComputeGradients(new float[3 * 784], new int[2]));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("3", error.Message);
    }

    [Fact]
    public void A_label_outside_the_classes_names_labels_and_leaves_gradients_untouched()
    {
        _net.Gradients.Fill(7f);
        var error = Assert.ThrowsAny<ArgumentException>(() => _net.ComputeGradients(new float[2 * 784], [3, 10]));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("10", error.Message);
        Assert.All(_net.Gradients.ToArray(), g => Assert.Equal(7f, g));
    }

    [Fact]
    public void Targets_of_the_wrong_length_name_targets()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.ComputeGradients(new float[784], new float[9]));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("10", error.Message);
    }

    [Fact]
    public void A_training_batch_above_max_batch_is_rejected_with_the_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.ComputeGradients(new float[9 * 784], new int[9]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("8", error.Message);
    }

    [Fact]
    public void Predict_of_one_sample_checks_its_length()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.Predict(new float[785]));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("784", error.Message);
    }

    [Fact]
    public void Predict_classes_of_the_wrong_length_name_classes()
    {
        var error = Assert.Throws<ArgumentException>(() => _net.Predict(new float[2 * 784], new int[3]));
        Assert.Equal("classes", error.ParamName);
    }

    [Fact]
    public void Train_step_without_an_optimizer_names_optimizer()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _net.TrainStep(new float[784], new int[1], null!));
        Assert.Equal("optimizer", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(int.MaxValue)]
    public void Max_batch_out_of_range_is_rejected(int maxBatch)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MnistMlp(maxBatch: maxBatch));
        Assert.Equal("maxBatch", error.ParamName);
    }

    [Fact]
    public void The_same_seed_gives_the_same_network_and_another_seed_another()
    {
        Assert.Equal(new MnistMlp(seed: 4).Parameters.ToArray(), new MnistMlp(seed: 4).Parameters.ToArray());
        Assert.NotEqual(new MnistMlp(seed: 4).Parameters.ToArray(), new MnistMlp(seed: 5).Parameters.ToArray());
    }
}
