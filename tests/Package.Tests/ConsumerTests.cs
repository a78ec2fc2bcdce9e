using Compiled.Package.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Compiled.Package.Tests;

/// <summary>
/// A user's first project: `dotnet new console`, `dotnet add package Compiled`, the README's XOR network, build with
/// warnings as errors, run. On .NET 10; on .NET 8 (self-contained, so it runs on the .NET 8 runtime itself); and
/// published with NativeAOT, where the trimming and AOT analysis of the runtime and the generated code must be silent.
/// </summary>
[Collection(nameof(PackageFeed))]
public sealed class ConsumerTests(PackageFeed feed, ITestOutputHelper log)
{
    // The README's example, printing what it computed (the four XOR outputs, the generated constants, the runtime),
    // then a network wide enough for the SIMD register tiles, past the vector width and with every activation:
    // its forward pass against a plain loop over Parameters, its gradient against central differences. The more
    // declarations, the more generated code the target framework's compiler must accept.
    private const string ConsumerProgram = """
        using System.Globalization;
        using Compiled;

        float[] xs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] ys = [0, 1, 1, 0];

        var net = new XorNet(seed: 1);
        var opt = new Sgd(learningRate: 0.5f);
        for (int epoch = 0; epoch < 5000; epoch++) net.TrainStep(xs, ys, opt);

        var outputs = new float[4];
        net.Forward(xs, outputs);
        Console.WriteLine("xor: " + string.Join(" ", outputs.Select(o => MathF.Round(o).ToString(CultureInfo.InvariantCulture))));
        Console.WriteLine($"parameters: {XorNet.ParameterCount}, inputs: {XorNet.InputSize}, outputs: {XorNet.OutputSize}");
        Console.WriteLine($"runtime: .NET {Environment.Version}");

        const int Batch = 7;
        var wide = new Wide(seed: 3) { Training = false };
        var random = new Random(5);
        float[] x = Enumerable.Range(0, Batch * Wide.InputSize).Select(_ => 2 * random.NextSingle() - 1).ToArray();
        int[] labels = Enumerable.Range(0, Batch).Select(b => b % Wide.OutputSize).ToArray();
        var probabilities = new float[Batch * Wide.OutputSize];
        wide.Forward(x, probabilities);
        float[] expected = Reference.Forward(wide.Parameters.ToArray(), x, Batch);
        Console.WriteLine($"wide forward error: {probabilities.Zip(expected).Max(p => Math.Abs(p.First - p.Second)).ToString("E2", CultureInfo.InvariantCulture)}");

        wide.ComputeGradients(x, labels);
        float[] gradient = wide.Gradients.ToArray();
        double worst = 0;
        for (int k = 0; k < Wide.ParameterCount; k += 37)
        {
            float saved = wide.Parameters[k];
            const float H = 1e-2f;
            wide.Parameters[k] = saved + H;
            float up = wide.ComputeGradients(x, labels);
            wide.Parameters[k] = saved - H;
            float down = wide.ComputeGradients(x, labels);
            wide.Parameters[k] = saved;
            worst = Math.Max(worst, Math.Abs((up - down) / (2 * H) - gradient[k]));
        }

        Console.WriteLine($"wide gradient error: {worst.ToString("E2", CultureInfo.InvariantCulture)}");

        [Network(Inputs = 2, Loss = Loss.MeanSquaredError)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;

        [Network(Inputs = 20, Loss = Loss.SoftmaxCrossEntropy)]
        [Dense(24, Activation.Tanh)]
        [Dropout(0.2)]
        [Dense(17, Activation.ReLU, Init = Init.HeNormal)]
        [Dense(9, Activation.LeakyReLU)]
        [Dense(16, Activation.ELU)]
        [Dense(5)]
        public partial class Wide;

        [Network(Inputs = 7, Loss = Loss.BinaryCrossEntropy)]
        [Dense(33, Activation.Sigmoid)]
        [Dense(3, Activation.Sigmoid)]
        public partial class Tags;

        [Network(Inputs = 3, Loss = Loss.MeanSquaredError)]
        [Dense(8, Activation.Softmax)]
        public partial class Mixture;

        // Wide's forward pass as plain loops: W [inputs, units] row-major then b [units], layer after layer.
        static class Reference
        {
            public static float[] Forward(float[] parameters, float[] x, int batch)
            {
                int[] widths = [20, 24, 17, 9, 16, 5];
                Func<float, float>[] activations = [MathF.Tanh, z => Math.Max(0, z), z => z > 0 ? z : 0.01f * z, z => z > 0 ? z : MathF.Exp(z) - 1, z => z];
                float[] a = x;
                int offset = 0;
                for (int layer = 0; layer < activations.Length; layer++)
                {
                    int n = widths[layer], m = widths[layer + 1];
                    var next = new float[batch * m];
                    for (int b = 0; b < batch; b++)
                    {
                        for (int j = 0; j < m; j++)
                        {
                            double z = parameters[offset + n * m + j];
                            for (int i = 0; i < n; i++) z += a[b * n + i] * parameters[offset + i * m + j];
                            next[b * m + j] = activations[layer]((float)z);
                        }
                    }

                    offset += n * m + m;
                    a = next;
                }

                for (int b = 0; b < batch; b++)
                {
                    Span<float> row = a.AsSpan(b * 5, 5);
                    float max = row.ToArray().Max(), sum = 0;
                    for (int j = 0; j < 5; j++) sum += row[j] = MathF.Exp(row[j] - max);
                    for (int j = 0; j < 5; j++) row[j] /= sum;
                }

                return a;
            }
        }
        """;

    [Fact]
    public void A_new_console_app_adds_the_package_declares_networks_builds_without_warnings_and_computes_them_right()
    {
        string app = CreateConsumerApp("Xor10", "net10.0");

        CommandResult build = DotnetCli.Run(app, "build", "-p:TreatWarningsAsErrors=true");

        Assert.Empty(build.Warnings);
        string output = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Compiled.Runtime.dll")), "The runtime is a lib asset: copied beside the app.");
        Assert.True(File.Exists(Path.Combine(output, "Compiled.Attributes.dll")), "The attributes are a lib asset: copied beside the app.");
        Assert.False(File.Exists(Path.Combine(output, "Compiled.Generator.dll")), "The generator is an analyzer: the compiler loads it, the app does not reference it.");

        string run = DotnetCli.Run(app, Path.Combine(output, "Xor10.dll")).Output;
        AssertComputedRight(run, runtimeMajor: 10);
    }

    [Fact]
    public void A_net8_app_compiles_the_generated_code_against_net8_and_runs_on_the_net8_runtime()
    {
        string app = CreateConsumerApp("Xor8", "net8.0");

        // Self-contained: the app carries the .NET 8 runtime (a runtime pack from the registry), so it runs on .NET 8
        // even where only a newer runtime is installed.
        CommandResult build = DotnetCli.Run(app, "build", "-r", "linux-x64", "--self-contained", "-p:TreatWarningsAsErrors=true");

        Assert.Empty(build.Warnings);
        string run = DotnetCli.Execute(Path.Combine(app, "bin", "Debug", "net8.0", "linux-x64", "Xor8"), app).Output;
        AssertComputedRight(run, runtimeMajor: 8);
    }

    [Fact]
    public void A_NativeAOT_publish_of_the_app_reports_no_trimming_or_AOT_warning_and_the_native_executable_computes_right()
    {
        string app = CreateConsumerApp("XorAot", "net10.0");

        CommandResult publish = DotnetCli.Run(app, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:TreatWarningsAsErrors=true");

        Assert.Empty(publish.Warnings);
        string published = Path.Combine(app, "bin", "Release", "net10.0", "linux-x64", "publish");
        Assert.False(File.Exists(Path.Combine(published, "Compiled.Runtime.dll")), "NativeAOT compiles the runtime into the executable.");
        string run = DotnetCli.Execute(Path.Combine(published, "XorAot"), app).Output;
        AssertComputedRight(run, runtimeMajor: 10);
    }

    private string CreateConsumerApp(string name, string framework)
    {
        string app = feed.NewProjectDirectory(name);
        DotnetCli.Run(app, "new", "console", "--name", name, "--output", ".");
        // The SDK's console template offers only the SDK's own framework: a .NET 8 user edits the project.
        string project = Path.Combine(app, $"{name}.csproj");
        string xml = File.ReadAllText(project);
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", xml, StringComparison.Ordinal);
        File.WriteAllText(project, xml.Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>", StringComparison.Ordinal));
        DotnetCli.Run(app, "add", "package", "Compiled", "--version", feed.Version);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProgram);
        return app;
    }

    private void AssertComputedRight(string output, int runtimeMajor)
    {
        log.WriteLine(output);
        Assert.Contains("xor: 0 1 1 0", output, StringComparison.Ordinal);
        Assert.Contains("parameters: 17, inputs: 2, outputs: 1", output, StringComparison.Ordinal); // 2*4 + 4 + 4*1 + 1
        Assert.Contains($"runtime: .NET {runtimeMajor}.", output, StringComparison.Ordinal);
        Assert.InRange(Figure(output, "wide forward error: "), 0, 1e-5);
        Assert.InRange(Figure(output, "wide gradient error: "), 0, 2e-3);
    }

    private static double Figure(string output, string label)
    {
        string line = output.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal));
        return double.Parse(line[label.Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
