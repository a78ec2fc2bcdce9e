using System.Diagnostics;
using System.Text;

namespace Compiled.Package.Tests.Infrastructure;

/// <summary>What a finished command printed (standard output and error, interleaved as they arrived).</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <summary>Lines the SDK, NuGet, the compiler or the AOT compiler printed as warnings ("... warning CS0168: ...").</summary>
    public IReadOnlyList<string> Warnings =>
        Output.Split('\n').Where(line => line.Contains(" warning ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
}

/// <summary>
/// Runs programs the way a user at a terminal would: the <c>dotnet</c> CLI on PATH, or a program just built, in a
/// given directory. The environment is this process's minus what <c>dotnet test</c> sets for its own MSBuild
/// (MSBuild paths, which would point the child at this build's SDK state), plus the CLI's first-run switches off.
/// </summary>
internal static class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; throws with the whole output if it fails.</summary>
    public static CommandResult Run(string workingDirectory, params string[] arguments) =>
        Execute("dotnet", workingDirectory, arguments);

    /// <summary>Runs a program (a built app host or native executable); throws with the whole output if it fails.</summary>
    public static CommandResult Execute(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(IsInheritedBuildState).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        string command = $"{program} {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' in {workingDirectory} did not finish in {Timeout.TotalMinutes} minutes. Output so far:\n{Snapshot(output)}");
        }

        process.WaitForExit(); // drains the redirected streams
        var result = new CommandResult(command, process.ExitCode, Snapshot(output));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' in {workingDirectory} exited with {result.ExitCode}:\n{result.Output}");
        }

        return result;
    }

    private static bool IsInheritedBuildState(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
