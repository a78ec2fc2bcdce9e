using BenchmarkDotNet.Running;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// Runs the network benchmarks: <c>dotnet run -c Release --project benchmarks/Networks.Benchmarks -- --filter '*'</c>.
/// On Debian 12, first mark TorchSharp's unused libstdc++ need weak (see README, "Reference tests").
/// </summary>
public static class Program
{
    /// <summary>Entry point; BenchmarkDotNet's switcher takes its usual arguments (<c>--filter</c>, <c>--join</c>).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
