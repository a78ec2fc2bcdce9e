using System.Globalization;
using System.Text.RegularExpressions;
using Compiled.Package.Tests.Infrastructure;

namespace Compiled.Package.Tests;

/// <summary>`dotnet new install Compiled.Templates`, `dotnet new compiled-net`, build, run: the template's training loop learns.</summary>
[Collection(nameof(PackageFeed))]
public sealed partial class TemplateTests(PackageFeed feed)
{
    [Fact]
    public void The_compiled_net_template_makes_an_app_that_builds_without_warnings_and_trains_its_network()
    {
        // A hive of its own: the user's installed templates are neither read nor changed.
        string hive = Path.Combine(feed.Root, "template-hive");
        string app = feed.NewProjectDirectory("Spirals");
        DotnetCli.Run(feed.Root, "new", "install", feed.TemplatesPackage, "--debug:custom-hive", hive);

        DotnetCli.Run(app, "new", "compiled-net", "--name", "Spirals", "--output", ".", "--debug:custom-hive", hive);

        Assert.Contains($"<PackageReference Include=\"Compiled\" Version=\"{feed.Version}\" />", File.ReadAllText(Path.Combine(app, "Spirals.csproj")), StringComparison.Ordinal);
        CommandResult build = DotnetCli.Run(app, "build", "-p:TreatWarningsAsErrors=true");
        Assert.Empty(build.Warnings);

        string run = DotnetCli.Run(app, Path.Combine(app, "bin", "Debug", "net10.0", "Spirals.dll")).Output;

        // "epoch   1: loss 0.7596, training accuracy 56.2%" ... "epoch 100: loss 0.0132, training accuracy 99.3%"
        var epochs = EpochLine().Matches(run).Select(m => (
            Epoch: int.Parse(m.Groups["epoch"].Value, CultureInfo.InvariantCulture),
            Loss: double.Parse(m.Groups["loss"].Value, CultureInfo.InvariantCulture),
            Accuracy: double.Parse(m.Groups["accuracy"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], epochs.Select(e => e.Epoch));
        Assert.True(epochs[^1].Loss < epochs[0].Loss / 10, $"The loss fell from {epochs[0].Loss} to {epochs[^1].Loss}: expected at least tenfold.");
        Assert.True(epochs[^1].Accuracy >= 95, $"Training accuracy {epochs[^1].Accuracy}%: the three spirals need at least 95%.");
        Assert.True(File.Exists(Path.Combine(app, "spiral.safetensors")), "The template saves its trained network.");
    }

    [GeneratedRegex(@"epoch +(?<epoch>\d+): loss (?<loss>[0-9.]+), training accuracy (?<accuracy>[0-9.]+)%")]
    private static partial Regex EpochLine();
}
