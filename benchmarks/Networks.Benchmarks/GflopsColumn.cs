using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Compiled.Networks.Benchmarks;

/// <summary>
/// A summary column with each benchmark's rate in GFLOP/s: its floating-point operations per call (from
/// <see cref="KernelBenchmarks.FlopsOf"/>) over the mean time of a call.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations per second of one call, in 10^9 (2 per fused multiply-add)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        double? flops = KernelBenchmarks.FlopsOf(benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (flops is null)
        {
            return "-"; // not a kernel benchmark: a joined summary shows the column on every row
        }

        return nanoseconds is > 0 ? (flops.Value / nanoseconds.Value).ToString("F1") : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The configuration that adds the column.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new GflopsColumn());
    }
}
