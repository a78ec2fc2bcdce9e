using System;
using System.IO;
using System.Security.Cryptography;

namespace Compiled.Data;

/// <summary>
/// A per-user directory where fetched data files are kept, so only the first run fetches them. Files enter it only
/// after their SHA-256 is verified, and atomically (written to a temporary file, then renamed), so a reader never
/// sees a partial or unverified file.
/// </summary>
public sealed class DataCache
{
    /// <summary>A cache in <paramref name="directoryPath"/>, created when the first file is stored.</summary>
    /// <param name="directoryPath">The directory.</param>
    public DataCache(string directoryPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryPath);
        DirectoryPath = Path.GetFullPath(directoryPath);
    }

    /// <summary>The cache's directory.</summary>
    public string DirectoryPath { get; }

    /// <summary>The cache of one data set in the user's cache directory: <see cref="DefaultRoot"/>/<paramref name="dataSet"/>.</summary>
    /// <param name="dataSet">A directory name (<c>mnist</c>).</param>
    public static DataCache ForDataSet(string dataSet)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataSet);
        return new DataCache(Path.Combine(DefaultRoot(), dataSet));
    }

    /// <summary>
    /// The root of Compiled's caches: <c>%LOCALAPPDATA%\compiled</c> on Windows; elsewhere <c>$XDG_CACHE_HOME/compiled</c>
    /// when that variable holds an absolute path (the XDG base directory rule), else <c>~/.cache/compiled</c>.
    /// </summary>
    public static string DefaultRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "compiled");
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "compiled");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "compiled");
    }

    /// <summary>True when the cache holds <paramref name="file"/>'s raw file and its SHA-256 matches.</summary>
    /// <param name="file">The file's name and expected hash.</param>
    public bool Contains(DataFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string path = Path.Combine(DirectoryPath, file.Name);
        if (!File.Exists(path))
        {
            return false;
        }

        using FileStream stream = File.OpenRead(path);
        return string.Equals(Convert.ToHexString(SHA256.HashData(stream)), file.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Copies <paramref name="content"/> into the cache as <paramref name="file"/>'s raw (uncompressed) file if its
    /// SHA-256 matches, replacing any earlier copy.
    /// </summary>
    /// <param name="file">The file's name and expected hash.</param>
    /// <param name="content">The uncompressed file, read to its end.</param>
    /// <param name="origin">Where the content came from, for the error message.</param>
    /// <returns>The cached file's path.</returns>
    /// <exception cref="InvalidDataException">The hash does not match; nothing was cached.</exception>
    /// <exception cref="IOException">The cache directory or file cannot be written.</exception>
    public string Store(DataFile file, Stream content, string origin)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(DirectoryPath);
        string target = Path.Combine(DirectoryPath, file.Name);
        string temporary = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            string actual;
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = content.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                }

                actual = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(); // ToHexStringLower is .NET 9+
            }

            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"{file.Name} from {origin} has SHA-256 {actual}, not the expected {file.Sha256.ToLowerInvariant()}; it was not cached.");
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(temporary); // Gone already after the move; otherwise the rejected or partial copy.
        }
    }
}
