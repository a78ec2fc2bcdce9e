namespace Compiled.Training;

/// <summary>When a monitored value counts as better than the best so far, for <see cref="EarlyStopping"/> and <see cref="ReduceLROnPlateau"/>.</summary>
internal static class Improvement
{
    /// <summary>The starting "best": the worst possible value, so the first epoch always improves on it.</summary>
    public static double Worst(Monitored monitor) => EpochSummary.HigherIsBetter(monitor) ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>
    /// Whether <paramref name="value"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>: lower for a
    /// loss, higher for an accuracy (as Keras's <c>min_delta</c>). NaN never improves.
    /// </summary>
    public static bool Beats(Monitored monitor, double value, double best, double minDelta) =>
        EpochSummary.HigherIsBetter(monitor) ? value - minDelta > best : value + minDelta < best;
}
