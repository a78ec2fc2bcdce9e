using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Compiled.Package.Tests.Infrastructure;

namespace Compiled.Package.Tests;

/// <summary>What `dotnet pack` puts in the Compiled package, its symbols package and the template package.</summary>
[Collection(nameof(PackageFeed))]
public sealed class PackageLayoutTests(PackageFeed feed)
{
    private static readonly string[] TargetFrameworks = ["net8.0", "net10.0"];
    private static readonly string[] LibraryAssemblies = ["Compiled.Attributes", "Compiled.Runtime"];

    [Fact]
    public void The_package_is_Compiled_at_the_repository_version_with_license_readme_and_repository_commit()
    {
        XElement metadata = Nuspec(feed.CompiledPackage).Child("metadata");

        Assert.Equal("Compiled", metadata.Child("id").Value);
        Assert.Equal(feed.Version, metadata.Child("version").Value);
        Assert.StartsWith(feed.RepositoryVersion + "-", feed.Version, StringComparison.Ordinal);
        XElement license = metadata.Child("license");
        Assert.Equal(("expression", "MIT"), (license.Attribute("type")!.Value, license.Value));
        Assert.Equal("README.md", metadata.Child("readme").Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Child("description").Value));
        Assert.Null(metadata.ChildOrNull("icon"));

        XElement repository = metadata.Child("repository");
        Assert.Equal("git", repository.Attribute("type")!.Value);
        string head = DotnetCli.Execute("git", PackageFeed.RepositoryRoot, "rev-parse", "HEAD").Output.Trim();
        Assert.Equal(head, repository.Attribute("commit")!.Value);

        string[] entries = Entries(feed.CompiledPackage);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.Contains("# Compiled", Read(feed.CompiledPackage, "README.md"), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "LICENSE")), Read(feed.CompiledPackage, "LICENSE"));
    }

    [Fact]
    public void Attributes_and_runtime_are_lib_assets_for_each_target_framework_and_the_generator_is_an_analyzer_only()
    {
        string[] entries = Entries(feed.CompiledPackage);

        string[] expectedLib = TargetFrameworks
            .SelectMany(tfm => LibraryAssemblies.SelectMany(name => new[] { $"lib/{tfm}/{name}.dll", $"lib/{tfm}/{name}.xml" }))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedLib, entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["analyzers/dotnet/cs/Compiled.Generator.dll"], entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));

        // The pack project's own (empty) assembly ships nowhere, and nothing else lands in build/ or content/.
        Assert.DoesNotContain(entries, e => e.EndsWith("/Compiled.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("build", StringComparison.Ordinal) || e.StartsWith("content", StringComparison.Ordinal));
    }

    [Fact]
    public void Dependencies_are_the_runtime_packages_at_their_central_versions_for_each_target_framework()
    {
        XElement dependencies = Nuspec(feed.CompiledPackage).Child("metadata").Child("dependencies");
        string tensors = XDocument.Load(Path.Combine(PackageFeed.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion").Single(p => p.Attribute("Include")!.Value == "System.Numerics.Tensors").Attribute("Version")!.Value;

        var groups = dependencies.Children("group").ToDictionary(
            group => group.Attribute("targetFramework")!.Value,
            group => group.Children("dependency").Select(d => (d.Attribute("id")!.Value, d.Attribute("version")!.Value)).ToArray());

        Assert.Equal(TargetFrameworks.Order(StringComparer.Ordinal), groups.Keys.Order(StringComparer.Ordinal));
        Assert.All(groups.Values, group => Assert.Equal([("System.Numerics.Tensors", tensors)], group));
    }

    [Fact]
    public void The_symbols_package_holds_a_pdb_for_every_library_assembly()
    {
        string[] pdbs = Entries(feed.CompiledSymbols).Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            TargetFrameworks.SelectMany(tfm => LibraryAssemblies.Select(name => $"lib/{tfm}/{name}.pdb")).Order(StringComparer.Ordinal),
            pdbs);
        Assert.Equal("Compiled", Nuspec(feed.CompiledSymbols).Child("metadata").Child("id").Value);
    }

    [Fact]
    public void The_template_package_is_a_template_whose_projects_reference_the_Compiled_version_it_was_packed_with()
    {
        XElement metadata = Nuspec(feed.TemplatesPackage).Child("metadata");
        Assert.Equal("Compiled.Templates", metadata.Child("id").Value);
        Assert.Equal(feed.Version, metadata.Child("version").Value);
        Assert.Equal("Template", metadata.Child("packageTypes").Child("packageType").Attribute("name")!.Value);

        using JsonDocument template = JsonDocument.Parse(Read(feed.TemplatesPackage, "content/compiled-net/.template.config/template.json"));
        JsonElement root = template.RootElement;
        Assert.Equal("compiled-net", root.GetProperty("shortName").GetString());
        JsonElement version = root.GetProperty("symbols").GetProperty("CompiledVersion");
        Assert.Equal(feed.Version, version.GetProperty("defaultValue").GetString());
        Assert.Contains($"Version=\"{version.GetProperty("replaces").GetString()}\"", Read(feed.TemplatesPackage, "content/compiled-net/CompiledNet.csproj"), StringComparison.Ordinal);
        Assert.DoesNotContain(Entries(feed.TemplatesPackage), e => e.StartsWith("lib/", StringComparison.Ordinal) || e.Contains("/bin/", StringComparison.Ordinal) || e.Contains("/obj/", StringComparison.Ordinal));
    }

    /// <summary>The package's .nuspec (its metadata), read from the package itself.</summary>
    private static XElement Nuspec(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using Stream stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    private static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => Uri.UnescapeDataString(e.FullName)).ToArray();
    }

    private static string Read(string package, string entryName)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.GetEntry(entryName)!.Open());
        return reader.ReadToEnd();
    }
}

/// <summary>Nuspec elements by local name: the schema's namespace varies with the features a package uses.</summary>
internal static class NuspecElements
{
    public static XElement Child(this XElement parent, string name) => parent.Elements().Single(e => e.Name.LocalName == name);

    public static XElement? ChildOrNull(this XElement parent, string name) => parent.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    public static IEnumerable<XElement> Children(this XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);
}
