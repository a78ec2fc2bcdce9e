using System;
using System.Linq;
using Compiled.Training;

namespace Compiled.Runtime.Tests;

/// <summary>Each schedule gives the sequence its documentation states, epoch by epoch from 0.</summary>
public sealed class ScheduleTests
{
    private const double Tolerance = 1e-7;

    [Fact]
    public void Constant_rate_is_the_same_every_epoch()
    {
        AssertRates([0.1, 0.1, 0.1, 0.1], new ConstantRate(0.1f));
    }

    [Fact]
    public void Step_decay_shifts_down_by_the_factor_every_step_epochs()
    {
        // The tutorial's gear shifting: 0.1 for two epochs, then half, then half again.
        AssertRates([0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125], new StepDecay(0.1f, factor: 0.5f, stepEpochs: 2));
        AssertRates([0.5, 0.05, 0.005], new StepDecay(0.5f, factor: 0.1f, stepEpochs: 1));
    }

    [Fact]
    public void Exponential_decay_multiplies_by_the_factor_every_epoch()
    {
        AssertRates([0.1, 0.05, 0.025, 0.0125, 0.00625], new ExponentialDecay(0.1f, factor: 0.5f));
    }

    [Fact]
    public void Cosine_annealing_follows_half_a_cosine_to_the_minimum_and_stays_there()
    {
        // lr_min + (lr_0 - lr_min)(1 + cos(pi e / 4)) / 2 with lr_0 = 0.1, lr_min = 0.01.
        double quarter = (1 + Math.Cos(Math.PI / 4)) / 2, threeQuarters = (1 + Math.Cos(3 * Math.PI / 4)) / 2;
        AssertRates(
            [0.1, 0.01 + 0.09 * quarter, 0.055, 0.01 + 0.09 * threeQuarters, 0.01, 0.01, 0.01],
            new CosineAnnealing(0.1f, epochs: 4, minimum: 0.01f));
    }

    [Fact]
    public void Linear_warmup_climbs_in_equal_steps_then_hands_over_to_the_next_schedule_from_its_epoch_0()
    {
        AssertRates([0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1], new LinearWarmup(new ConstantRate(0.1f), warmupEpochs: 4, startFactor: 0.25f));
        AssertRates(
            [0.05, 0.075, 0.1, 0.1, 0.05, 0.05, 0.025],
            new LinearWarmup(new StepDecay(0.1f, factor: 0.5f, stepEpochs: 2), warmupEpochs: 2, startFactor: 0.5f));
    }

    [Fact]
    public void Reduce_on_plateau_lowers_the_rate_after_patience_stalled_epochs_with_cooldown_and_a_floor()
    {
        var schedule = new ReduceLROnPlateau(1f, factor: 0.5f, patience: 2, minDelta: 0, cooldown: 1, minimum: 0.1f);
        double[] validationLosses = [1.0, 0.9, 0.95, 0.92, 0.93, 0.94, 0.5, 0.6, 0.6, 0.7, 0.7, 0.8, 0.8];

        // After each epoch, the rate for the next. Epochs 3-4 stall (0.9 is the best): halve. Epoch 5 is the cooldown
        // epoch (its stall counter restarts) and counts as the first stall again, epoch 6 the second: halve. Epoch 7
        // improves; 8-9 stall: halve; 10 cools down and stalls, 11 stalls: 0.0625 would be below the floor, so 0.1.
        double[] expected = [1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1, 0.1];
        var rates = new double[validationLosses.Length];
        for (int e = 0; e < validationLosses.Length; e++)
        {
            Assert.Equal(e == 0 ? 1 : expected[e - 1], schedule.Rate(e), Tolerance);
            schedule.EpochEnded(Summary(e + 1, validationLosses[e]));
            rates[e] = schedule.Rate(e + 1);
        }

        Assert.Equal(expected, rates, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void Reduce_on_plateau_watching_accuracy_counts_a_rise_as_the_improvement()
    {
        var schedule = new ReduceLROnPlateau(1f, factor: 0.5f, patience: 1, monitor: Monitored.ValidationAccuracy, minDelta: 0.01);
        double[] accuracies = [0.5, 0.6, 0.605, 0.7, 0.69];
        double[] expected = [1, 1, 0.5, 0.5, 0.25]; // 0.605 beats 0.6 by less than minDelta: a stall.
        for (int e = 0; e < accuracies.Length; e++)
        {
            schedule.EpochEnded(new EpochSummary(e + 1, 1.0, null, 1.0, accuracies[e], 1f, TimeSpan.Zero));
            Assert.Equal(expected[e], schedule.Rate(e + 1), Tolerance);
        }
    }

    [Fact]
    public void Reduce_on_plateau_without_the_monitored_value_says_what_is_missing()
    {
        var schedule = new ReduceLROnPlateau(0.1f);

        var error = Assert.Throws<InvalidOperationException>(() => schedule.EpochEnded(new EpochSummary(1, 0.5, null, null, null, 0.1f, TimeSpan.Zero)));

        Assert.Contains("ValidationLoss", error.Message);
        Assert.Contains("no validation data", error.Message);
    }

    [Fact]
    public void Decays_never_reach_zero_so_an_optimizer_always_accepts_the_rate()
    {
        float late = new ExponentialDecay(1f, factor: 0.001f).Rate(1000);

        Assert.True(late > 0);
        new Sgd(0.1f).LearningRate = late;
    }

    [Theory]
    [InlineData(0f, 0.5f, 1)]
    [InlineData(float.NaN, 0.5f, 1)]
    [InlineData(0.1f, 0f, 1)]
    [InlineData(0.1f, 1.5f, 1)]
    [InlineData(0.1f, 0.5f, 0)]
    public void Step_decay_rejects_out_of_range_arguments(float initial, float factor, int stepEpochs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(initial, factor, stepEpochs));
    }

    [Fact]
    public void Schedules_reject_bad_arguments_naming_them()
    {
        Assert.Equal("minimum", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(0.1f, 10, minimum: 0.2f)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(0.1f, factor: 1f)).ParamName);
        Assert.Equal("warmupEpochs", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmup(new ConstantRate(0.1f), 0)).ParamName);
        Assert.Equal("epoch", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1f, 0.5f, 1).Rate(-1)).ParamName);
    }

    private static EpochSummary Summary(int epoch, double validationLoss) =>
        new(epoch, loss: 1.0, accuracy: null, validationLoss, validationAccuracy: null, learningRate: null, TimeSpan.Zero);

    private static void AssertRates(double[] expected, ILearningRateSchedule schedule)
    {
        double[] actual = Enumerable.Range(0, expected.Length).Select(e => (double)schedule.Rate(e)).ToArray();
        Assert.True(
            expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) < Tolerance),
            $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
    }
}
