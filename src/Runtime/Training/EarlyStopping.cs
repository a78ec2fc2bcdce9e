using System;

namespace Compiled.Training;

/// <summary>
/// Stops training after <see cref="Patience"/> epochs in a row in which the monitored value (the validation loss by
/// default) did not improve, and puts back the weights of the best epoch (Keras's <c>EarlyStopping</c>).
/// </summary>
/// <remarks>
/// An epoch improves when it beats the best so far by more than <see cref="MinDelta"/>. With
/// <see cref="RestoreBestWeights"/> (the default here; Keras's is false), the parameters of the best epoch are copied
/// aside when it ends and copied back when training ends, whether it stopped early or ran all its epochs, so the
/// network always ends at its best epoch. The optimizer's state (moments, velocity) is not rolled back.
/// </remarks>
public sealed class EarlyStopping : ITrainingCallback
{
    private float[]? _bestWeights;
    private int _wait;
    private int _lastEpoch;

    /// <summary>Creates the callback.</summary>
    /// <param name="patience">Epochs without improvement before stopping, at least 0 (0 stops at the first epoch that does not improve).</param>
    /// <param name="monitor">The value watched; <see cref="Monitored.ValidationLoss"/> by default.</param>
    /// <param name="minDelta">How much a value must beat the best by to count as an improvement, finite and &gt;= 0.</param>
    /// <param name="restoreBestWeights">Whether training ends with the best epoch's weights; true by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public EarlyStopping(int patience, Monitored monitor = Monitored.ValidationLoss, double minDelta = 0, bool restoreBestWeights = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (!double.IsFinite(minDelta) || minDelta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite number greater than or equal to 0.");
        }

        Patience = patience;
        Monitor = monitor;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The value watched.</summary>
    public Monitored Monitor { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether training ends with the best epoch's weights.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The best value seen in the current or last run.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch (from 1) that gave <see cref="Best"/>; 0 before the first epoch ends.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The epoch after which this callback stopped training; 0 if it did not.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>Whether the last run ended by putting back the weights of <see cref="BestEpoch"/>.</summary>
    public bool RestoredBestWeights { get; private set; }

    /// <inheritdoc/>
    public void OnTrainBegin(Trainer trainer)
    {
        Best = Improvement.Worst(Monitor);
        BestEpoch = 0;
        StoppedEpoch = 0;
        RestoredBestWeights = false;
        _wait = 0;
        _lastEpoch = 0;
        if (RestoreBestWeights && _bestWeights?.Length != trainer.Network.ParameterCount)
        {
            _bestWeights = new float[trainer.Network.ParameterCount];
        }
    }

    /// <inheritdoc/>
    public void OnEpochEnd(Trainer trainer, EpochSummary summary)
    {
        _lastEpoch = summary.Epoch;
        double value = summary.Value(Monitor);
        if (Improvement.Beats(Monitor, value, Best, MinDelta))
        {
            Best = value;
            BestEpoch = summary.Epoch;
            _wait = 0;
            if (_bestWeights is not null)
            {
                trainer.Network.Parameters.CopyTo(_bestWeights);
            }

            return;
        }

        _wait++;
        if (_wait >= Patience)
        {
            StoppedEpoch = summary.Epoch;
            trainer.StopTraining();
        }
    }

    /// <inheritdoc/>
    public void OnTrainEnd(Trainer trainer)
    {
        if (_bestWeights is not null && BestEpoch > 0 && BestEpoch != _lastEpoch)
        {
            _bestWeights.CopyTo(trainer.Network.Parameters);
            RestoredBestWeights = true;
        }
    }
}
