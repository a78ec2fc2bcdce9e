using Compiled.Package.Tests.Infrastructure;

namespace Compiled.Package.Tests;

/// <summary>
/// A user's first project: `dotnet new console`, `dotnet add package Compiled`, the README's XOR network, build with
/// warnings as errors, run. On .NET 10; on .NET 8 (self-contained, so it runs on the .NET 8 runtime itself); and
/// published with NativeAOT, where the trimming and AOT analysis of the runtime and the generated code must be silent.
/// </summary>
[Collection(nameof(PackageFeed))]
public sealed class ConsumerTests(PackageFeed feed)
{
    // The README's example, printing what it computed: the four XOR outputs, the generated constants, the runtime.
    private const string XorProgram = """
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

        [Network(Inputs = 2, Loss = Loss.MeanSquaredError)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;
        """;

    [Fact]
    public void A_new_console_app_adds_the_package_declares_a_network_builds_without_warnings_and_learns_xor()
    {
        string app = CreateXorApp("Xor10", "net10.0");

        CommandResult build = DotnetCli.Run(app, "build", "-p:TreatWarningsAsErrors=true");

        Assert.Empty(build.Warnings);
        string output = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Compiled.Runtime.dll")), "The runtime is a lib asset: copied beside the app.");
        Assert.True(File.Exists(Path.Combine(output, "Compiled.Attributes.dll")), "The attributes are a lib asset: copied beside the app.");
        Assert.False(File.Exists(Path.Combine(output, "Compiled.Generator.dll")), "The generator is an analyzer: the compiler loads it, the app does not reference it.");

        string run = DotnetCli.Run(app, Path.Combine(output, "Xor10.dll")).Output;
        AssertLearnedXor(run, runtimeMajor: 10);
    }

    [Fact]
    public void A_net8_app_compiles_the_generated_code_against_net8_and_runs_on_the_net8_runtime()
    {
        string app = CreateXorApp("Xor8", "net8.0");

        // Self-contained: the app carries the .NET 8 runtime (a runtime pack from the registry), so it runs on .NET 8
        // even where only a newer runtime is installed.
        CommandResult build = DotnetCli.Run(app, "build", "-r", "linux-x64", "--self-contained", "-p:TreatWarningsAsErrors=true");

        Assert.Empty(build.Warnings);
        string run = DotnetCli.Execute(Path.Combine(app, "bin", "Debug", "net8.0", "linux-x64", "Xor8"), app).Output;
        AssertLearnedXor(run, runtimeMajor: 8);
    }

    [Fact]
    public void A_NativeAOT_publish_of_the_app_reports_no_trimming_or_AOT_warning_and_the_native_executable_learns_xor()
    {
        string app = CreateXorApp("XorAot", "net10.0");

        CommandResult publish = DotnetCli.Run(app, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:TreatWarningsAsErrors=true");

        Assert.Empty(publish.Warnings);
        string published = Path.Combine(app, "bin", "Release", "net10.0", "linux-x64", "publish");
        Assert.False(File.Exists(Path.Combine(published, "Compiled.Runtime.dll")), "NativeAOT compiles the runtime into the executable.");
        string run = DotnetCli.Execute(Path.Combine(published, "XorAot"), app).Output;
        AssertLearnedXor(run, runtimeMajor: 10);
    }

    private string CreateXorApp(string name, string framework)
    {
        string app = feed.NewProjectDirectory(name);
        DotnetCli.Run(app, "new", "console", "--name", name, "--output", ".");
        // The SDK's console template offers only the SDK's own framework: a .NET 8 user edits the project.
        string project = Path.Combine(app, $"{name}.csproj");
        string xml = File.ReadAllText(project);
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", xml, StringComparison.Ordinal);
        File.WriteAllText(project, xml.Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>", StringComparison.Ordinal));
        DotnetCli.Run(app, "add", "package", "Compiled", "--version", feed.Version);
        File.WriteAllText(Path.Combine(app, "Program.cs"), XorProgram);
        return app;
    }

    private static void AssertLearnedXor(string output, int runtimeMajor)
    {
        Assert.Contains("xor: 0 1 1 0", output, StringComparison.Ordinal);
        Assert.Contains("parameters: 17, inputs: 2, outputs: 1", output, StringComparison.Ordinal); // 2*4 + 4 + 4*1 + 1
        Assert.Contains($"runtime: .NET {runtimeMajor}.", output, StringComparison.Ordinal);
    }
}
