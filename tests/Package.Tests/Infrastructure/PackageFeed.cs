using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Compiled.Package.Tests.Infrastructure;

/// <summary>Every test of the packages shares one feed, and they run one after the other (each runs dotnet processes).</summary>
[CollectionDefinition(nameof(PackageFeed), DisableParallelization = true)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>;

/// <summary>
/// The Compiled and Compiled.Templates packages of this build, packed into a local folder feed in a temporary
/// directory, under a version of their own (the repository's version with a suffix unique to this run) so that no
/// package in the global packages folder can stand in for them; that version is deleted from the global packages
/// folder afterwards. The directory's NuGet.config adds the feed to the configured sources, as a user's would:
/// projects created under <see cref="Root"/> restore Compiled from the feed and everything else as usual.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("compiled-package-tests-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        RepositoryVersion = ReadVersionPrefix(RepositoryRoot);
        Version = $"{RepositoryVersion}-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        try
        {
            // The assemblies are those this test run was built with (the project references of this test project).
            string configuration = typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "Configuration").Value!;
            foreach (string project in new[] { PackageProject, TemplatesProject })
            {
                DotnetCli.Run(RepositoryRoot, "pack", project, "--no-build", "-c", configuration, "--version-suffix", Version[(RepositoryVersion.Length + 1)..], "-o", Feed);
            }

            File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="compiled-tests" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);
            GlobalPackagesFolder = DotnetCli.Run(Root, "nuget", "locals", "global-packages", "--list").Output.Trim()["global-packages: ".Length..];
        }
        catch
        {
            DeleteQuietly(Root); // xunit disposes no fixture whose constructor threw
            throw;
        }
    }

    /// <summary>The repository's root, found from this file's path at compile time.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PackageProject => Path.Combine(RepositoryRoot, "src", "Package", "Compiled.csproj");

    public static string TemplatesProject => Path.Combine(RepositoryRoot, "templates", "Compiled.Templates", "Compiled.Templates.csproj");

    /// <summary>The temporary directory: the feed, the NuGet.config, and the projects the tests create.</summary>
    public string Root { get; }

    public string Feed { get; }

    /// <summary>The version in Directory.Build.props (VersionPrefix), the one place it is written.</summary>
    public string RepositoryVersion { get; }

    /// <summary>The packages' version in this run: <see cref="RepositoryVersion"/>-test.TIME.PROCESS.</summary>
    public string Version { get; }

    public string GlobalPackagesFolder { get; }

    public string CompiledPackage => Path.Combine(Feed, $"Compiled.{Version}.nupkg");

    public string CompiledSymbols => Path.Combine(Feed, $"Compiled.{Version}.snupkg");

    public string TemplatesPackage => Path.Combine(Feed, $"Compiled.Templates.{Version}.nupkg");

    /// <summary>A new empty directory under <see cref="Root"/>, where the feed's NuGet.config applies.</summary>
    public string NewProjectDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public void Dispose()
    {
        DeleteQuietly(Path.Combine(GlobalPackagesFolder, "compiled", Version.ToLowerInvariant()));
        DeleteQuietly(Root);
    }

    private static string ReadVersionPrefix(string root) =>
        XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    private static string FindRepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory must not fail the tests.
        }
    }
}
