using Spectre.Console;

namespace Compiled.Samples.Mnist;

/// <summary>
/// Where the sample writes. A terminal gets Spectre.Console's live progress bars and colour; a file or a pipe (CI, a log)
/// gets plain lines: no bars, no escape codes, no wrapping.
/// </summary>
internal sealed class Output
{
    /// <summary>Writes to <paramref name="console"/>; with <paramref name="live"/>, progress bars and colour too.</summary>
    public Output(IAnsiConsole console, bool live)
    {
        Console = console;
        Live = live;
        Log = new LineWriter(this);
    }

    /// <summary>The process's console: live when standard output is an interactive terminal.</summary>
    public static Output ForProcess() =>
        new(AnsiConsole.Console, live: !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    /// <summary>The console; draw live displays on it only when <see cref="Live"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>True in a terminal: progress bars are drawn and redrawn in place.</summary>
    public bool Live { get; }

    /// <summary>A writer whose lines go to <see cref="Line(string)"/>, for the data sets' reports of the sources they try.</summary>
    public TextWriter Log { get; }

    /// <summary>Writes one line as it is.</summary>
    public void Line(string text = "")
    {
        if (Live)
        {
            Console.WriteLine(text);
        }
        else
        {
            Console.Profile.Out.Writer.WriteLine(text);
        }
    }

    /// <summary>Writes one line, in <paramref name="color"/> in a terminal.</summary>
    public void Line(string text, Color color)
    {
        if (Live)
        {
            Console.WriteLine(text, new Style(color));
        }
        else
        {
            Line(text);
        }
    }

    // Collects written text into lines and passes each whole line on.
    private sealed class LineWriter(Output output) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                output.Line(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }
}
