using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Compiled.Data;

/// <summary>A directory that should already hold the files: one the user names, one an environment variable names, or the cache.</summary>
public sealed class DirectorySource : IDataSource
{
    private readonly string? _directory;
    private readonly string _unsetReason;

    /// <summary>A source that looks in <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory; relative paths are relative to the current directory.</param>
    /// <param name="description">What the directory is, for messages (<c>data directory /data/mnist</c>).</param>
    public DirectorySource(string directory, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(description);
        _directory = directory;
        _unsetReason = "";
        Description = description;
    }

    private DirectorySource(string? directory, string description, string unsetReason)
    {
        _directory = directory;
        _unsetReason = unsetReason;
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>A source that looks in the directory an environment variable names, read now; unset or empty, it supplies nothing.</summary>
    /// <param name="variable">The environment variable (<c>COMPILED_MNIST_DIR</c>).</param>
    public static DirectorySource FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        string? directory = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(directory)
            ? new DirectorySource(null, $"environment variable {variable}", "not set")
            : new DirectorySource(directory, $"environment variable {variable} = {directory}", "");
    }

    /// <summary>A source that looks in a cache directory (where fetching sources store what they fetched).</summary>
    /// <param name="cache">The cache.</param>
    public static DirectorySource FromCache(DataCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new DirectorySource(cache.DirectoryPath, $"cache {cache.DirectoryPath}");
    }

    /// <inheritdoc/>
    public string Provide(DataSetFiles files, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (_directory is null)
        {
            throw new DataSourceException(_unsetReason);
        }

        if (!Directory.Exists(_directory))
        {
            throw new DataSourceException("the directory does not exist");
        }

        List<string> missing = files.All.Where(file => FindFile(_directory, file) is null).Select(file => file.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DataSourceException($"no {string.Join(", ", missing)} in it (raw or .gz)");
        }

        return _directory;
    }

    /// <summary>The path of <paramref name="file"/> in <paramref name="directory"/>: raw if present, else with .gz, else null.</summary>
    internal static string? FindFile(string directory, DataFile file)
    {
        string raw = Path.Combine(directory, file.Name);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gzip = raw + ".gz";
        return File.Exists(gzip) ? gzip : null;
    }
}
