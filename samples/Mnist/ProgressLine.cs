using System.Diagnostics;

namespace Compiled.Samples.Mnist;

/// <summary>
/// One line of progress within an epoch, rewritten in place (carriage return) about ten times a second. Only when
/// the output is a terminal: redirected to a file or a pipe, it writes nothing.
/// </summary>
internal sealed class ProgressLine(string label, int total)
{
    private readonly bool _enabled = !Console.IsOutputRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastUpdate = long.MinValue / 2;
    private int _width;

    public void Report(int done, double meanLoss)
    {
        long now = _clock.ElapsedMilliseconds;
        if (!_enabled || now - _lastUpdate < 100)
        {
            return;
        }

        _lastUpdate = now;
        double samplesPerSecond = done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        string line = $"{label}: {done,6}/{total} samples, loss {meanLoss:F4}, {samplesPerSecond:N0} samples/s";
        Console.Write("\r" + line.PadRight(_width));
        _width = line.Length;
    }

    public void Clear()
    {
        if (_enabled && _width > 0)
        {
            Console.Write("\r" + new string(' ', _width) + "\r");
        }
    }
}
