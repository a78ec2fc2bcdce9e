using BenchmarkDotNet.Running;

namespace Compiled.Generator.Benchmarks;

/// <summary>Runs the generator benchmarks: <c>dotnet run -c Release --project benchmarks/Generator.Benchmarks</c>.</summary>
public static class Program
{
    /// <summary>Entry point; BenchmarkDotNet's switcher takes its usual arguments (<c>--filter</c>, <c>--job short</c>).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
