using Compiled.Data;
using Spectre.Console;

namespace Compiled.Samples.Mnist;

/// <summary>
/// Shows each file's download: in a terminal a live bar per file (bytes and speed); otherwise a line at each quarter.
/// </summary>
internal sealed class DownloadDisplay(Output output, ProgressContext? bars) : IProgress<DownloadProgress>
{
    private readonly Dictionary<Uri, ProgressTask> _tasks = [];
    private readonly Dictionary<Uri, int> _quartersShown = [];

    /// <summary>Runs <paramref name="load"/> with a display of its downloads, if it makes any.</summary>
    public static T Around<T>(Output output, Func<IProgress<DownloadProgress>, T> load)
    {
        if (!output.Live)
        {
            return load(new DownloadDisplay(output, bars: null));
        }

        return output.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(context => load(new DownloadDisplay(output, context)));
    }

    /// <inheritdoc/>
    public void Report(DownloadProgress value)
    {
        if (bars is not null)
        {
            if (!_tasks.TryGetValue(value.Url, out ProgressTask? task))
            {
                task = bars.AddTask(Markup.Escape(value.FileName), maxValue: value.TotalBytes ?? 1);
                task.IsIndeterminate = value.TotalBytes is null;
                _tasks[value.Url] = task;
            }

            if (value.TotalBytes is not null)
            {
                task.Value = value.BytesReceived;
            }

            return;
        }

        if (value.Fraction is not double fraction)
        {
            return;
        }

        int quarter = (int)(fraction * 4);
        int shown = _quartersShown.GetValueOrDefault(value.Url, 0);
        if (quarter > shown)
        {
            _quartersShown[value.Url] = quarter;
            output.Line($"  {value.FileName}: {25 * quarter}% of {value.TotalBytes / 1e6:F1} MB");
        }
    }
}
