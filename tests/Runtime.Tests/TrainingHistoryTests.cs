using System;
using System.Collections.Generic;
using Compiled.Training;

namespace Compiled.Runtime.Tests;

public sealed class TrainingHistoryTests
{
    [Fact]
    public void Every_series_has_one_value_per_epoch_in_the_order_recorded()
    {
        var history = new TrainingHistory();

        history.Add(0.9, new Dictionary<string, double> { ["accuracy"] = 0.5 }, validationLoss: 1.0, new Dictionary<string, double> { ["accuracy"] = 0.4 });
        history.Add(0.4, new Dictionary<string, double> { ["accuracy"] = 0.8 }, validationLoss: 0.6, new Dictionary<string, double> { ["accuracy"] = 0.7 });
        history.Add(double.NaN, new Dictionary<string, double> { ["accuracy"] = 0.1 }, validationLoss: double.NaN, new Dictionary<string, double> { ["accuracy"] = 0.1 });

        Assert.Equal(3, history.Epochs);
        Assert.Equal([0.9, 0.4, double.NaN], history.Loss);
        Assert.Equal([1.0, 0.6, double.NaN], history.ValidationLoss!);
        Assert.Equal(["accuracy"], history.MetricNames);
        Assert.Equal([0.5, 0.8, 0.1], history.Metric("accuracy"));
        Assert.Equal([0.4, 0.7, 0.1], history.ValidationMetric("accuracy"));
    }

    [Fact]
    public void A_run_with_the_loss_alone_has_no_validation_and_no_metrics()
    {
        var history = new TrainingHistory();

        history.Add(2.0);
        history.Add(1.5);

        Assert.Equal([2.0, 1.5], history.Loss);
        Assert.Null(history.ValidationLoss);
        Assert.Empty(history.MetricNames);
        Assert.Empty(history.ValidationMetricNames);
        Assert.Equal(0, new TrainingHistory().Epochs);
    }

    [Fact]
    public void An_epoch_with_other_metrics_than_the_first_is_refused_and_changes_nothing()
    {
        var history = new TrainingHistory();
        history.Add(1.0, new Dictionary<string, double> { ["accuracy"] = 0.5 });

        var error = Assert.Throws<ArgumentException>(() => history.Add(0.5, new Dictionary<string, double> { ["precision"] = 0.5 }));

        Assert.Equal("metrics", error.ParamName);
        Assert.Contains("Epoch 2 records 'precision', but epoch 1 recorded 'accuracy'", error.Message);
        Assert.Equal(1, history.Epochs);
        Assert.Equal([0.5], history.Metric("accuracy"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_validation_loss_is_given_for_every_epoch_or_for_none(bool first)
    {
        var history = new TrainingHistory();
        history.Add(1.0, validationLoss: first ? 1.1 : null);

        var error = Assert.Throws<ArgumentException>(() => history.Add(0.5, validationLoss: first ? null : 0.6));

        Assert.Equal("validationLoss", error.ParamName);
        Assert.Contains("give it for every epoch or for none", error.Message);
        Assert.Equal(1, history.Epochs);
    }

    [Fact]
    public void Asking_for_a_metric_that_was_not_recorded_names_those_that_were()
    {
        var history = new TrainingHistory();
        history.Add(1.0, new Dictionary<string, double> { ["accuracy"] = 0.5, ["recall"] = 0.2 });

        var error = Assert.Throws<ArgumentException>(() => history.Metric("precision"));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("No metric named 'precision' was recorded; the run has 'accuracy', 'recall'.", error.Message);
        Assert.Throws<ArgumentException>(() => history.ValidationMetric("accuracy"));
    }
}
