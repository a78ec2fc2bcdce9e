using System;
using System.Collections.Generic;
using System.Linq;

namespace Compiled.Training;

/// <summary>
/// What a training run measured, epoch by epoch: the training loss, named metrics (accuracy, ...), and optionally the
/// same on held-out data (validation loss, validation metrics). Series are indexed by epoch from 0 (epoch 1 is index 0)
/// and all have <see cref="Epochs"/> values, so they line up for a table or a plot.
/// </summary>
/// <remarks>
/// The first recorded epoch fixes the shape of the run: which metrics it has and whether it has a validation loss.
/// Every later epoch must record the same, so a series never has holes. Values are kept as given, NaN included: a
/// diverged run's NaN loss is part of its story.
/// </remarks>
public sealed class TrainingHistory
{
    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    private readonly List<double> _loss = [];
    private readonly List<double> _validationLoss = [];
    private readonly Dictionary<string, List<double>> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<double>> _validationMetrics = new(StringComparer.Ordinal);
    private readonly List<string> _metricNames = [];
    private readonly List<string> _validationMetricNames = [];
    private bool _hasValidationLoss;

    /// <summary>Epochs recorded so far: the length of every series.</summary>
    public int Epochs => _loss.Count;

    /// <summary>The training loss of each epoch (typically the mean loss over its batches).</summary>
    public IReadOnlyList<double> Loss => _loss;

    /// <summary>The loss on held-out data after each epoch, or null when the run records none.</summary>
    public IReadOnlyList<double>? ValidationLoss => _hasValidationLoss ? _validationLoss : null;

    /// <summary>The names of the training metrics, in the order the first epoch gave them.</summary>
    public IReadOnlyList<string> MetricNames => _metricNames;

    /// <summary>The names of the validation metrics, in the order the first epoch gave them.</summary>
    public IReadOnlyList<string> ValidationMetricNames => _validationMetricNames;

    /// <summary>Records one epoch.</summary>
    /// <param name="loss">The epoch's training loss.</param>
    /// <param name="metrics">Training metrics by name (for example <c>accuracy</c>); every epoch gives the same names.</param>
    /// <param name="validationLoss">The loss on held-out data; given for every epoch or for none.</param>
    /// <param name="validationMetrics">Metrics on held-out data by name; every epoch gives the same names.</param>
    /// <exception cref="ArgumentException">The epoch's metrics or validation loss do not match the first epoch's.</exception>
    public void Add(
        double loss,
        IReadOnlyDictionary<string, double>? metrics = null,
        double? validationLoss = null,
        IReadOnlyDictionary<string, double>? validationMetrics = null)
    {
        metrics ??= Empty;
        validationMetrics ??= Empty;
        if (Epochs == 0)
        {
            ExpectNamed(metrics, nameof(metrics));
            ExpectNamed(validationMetrics, nameof(validationMetrics));
            _hasValidationLoss = validationLoss is not null;
            Start(metrics, _metrics, _metricNames);
            Start(validationMetrics, _validationMetrics, _validationMetricNames);
        }
        else
        {
            if (_hasValidationLoss != validationLoss is not null)
            {
                throw new ArgumentException(
                    $"Epoch {Epochs + 1} {(validationLoss is null ? "has no" : "has a")} validation loss, but epoch 1 {(_hasValidationLoss ? "had one" : "had none")}: give it for every epoch or for none.",
                    nameof(validationLoss));
            }

            ExpectNames(metrics, _metricNames, nameof(metrics));
            ExpectNames(validationMetrics, _validationMetricNames, nameof(validationMetrics));
        }

        _loss.Add(loss);
        if (validationLoss is double value)
        {
            _validationLoss.Add(value);
        }

        foreach (KeyValuePair<string, double> metric in metrics)
        {
            _metrics[metric.Key].Add(metric.Value);
        }

        foreach (KeyValuePair<string, double> metric in validationMetrics)
        {
            _validationMetrics[metric.Key].Add(metric.Value);
        }
    }

    /// <summary>The training metric <paramref name="name"/>, one value per epoch.</summary>
    /// <exception cref="ArgumentException">No metric has that name; the message lists those recorded.</exception>
    public IReadOnlyList<double> Metric(string name) => Series(_metrics, _metricNames, name, "metric");

    /// <summary>The validation metric <paramref name="name"/>, one value per epoch.</summary>
    /// <exception cref="ArgumentException">No validation metric has that name; the message lists those recorded.</exception>
    public IReadOnlyList<double> ValidationMetric(string name) => Series(_validationMetrics, _validationMetricNames, name, "validation metric");

    private static void ExpectNamed(IReadOnlyDictionary<string, double> given, string parameter)
    {
        if (given.Keys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A metric needs a name; got an empty one.", parameter);
        }
    }

    private static void Start(IReadOnlyDictionary<string, double> given, Dictionary<string, List<double>> series, List<string> names)
    {
        foreach (string name in given.Keys)
        {
            series.Add(name, []);
            names.Add(name);
        }
    }

    private void ExpectNames(IReadOnlyDictionary<string, double> given, List<string> names, string parameter)
    {
        if (given.Count != names.Count || names.Any(name => !given.ContainsKey(name)))
        {
            throw new ArgumentException(
                $"Epoch {Epochs + 1} records {Describe(given.Keys)}, but epoch 1 recorded {Describe(names)}: every epoch must record the same metrics.",
                parameter);
        }
    }

    private static IReadOnlyList<double> Series(Dictionary<string, List<double>> series, List<string> names, string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        return series.TryGetValue(name, out List<double>? values)
            ? values
            : throw new ArgumentException($"No {kind} named '{name}' was recorded; the run has {Describe(names)}.", nameof(name));
    }

    private static string Describe(IEnumerable<string> names)
    {
        string[] all = names.ToArray();
        return all.Length == 0 ? "no metrics" : string.Join(", ", all.Select(n => $"'{n}'"));
    }
}
