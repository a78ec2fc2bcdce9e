using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Compiled.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research): 60,000 training and 10,000 test images of 28x28 pixels
/// showing clothes, shoes and bags in 10 classes, in MNIST's file format and file names; a drop-in, harder replacement.
/// </summary>
public static class FashionMnist
{
    /// <summary>The environment variable that may name a directory holding the four files.</summary>
    public const string DirectoryVariable = "COMPILED_FASHION_MNIST_DIR";

    /// <summary>The Debian (and Ubuntu) package that installs the four files, gzip-compressed, under <see cref="DebianDirectory"/>.</summary>
    public const string DebianPackage = "dataset-fashion-mnist";

    /// <summary>Where <see cref="DebianPackage"/> installs the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// The four files with the SHA-256 of each uncompressed file: the one list every source verifies against.
    /// </summary>
    /// <remarks>
    /// The hashes were computed from the files of <see cref="DebianPackage"/> (version 0.0~git20200523.55506a9-1, whose
    /// archive apt verifies). Debian recompressed the files, so their .gz bytes differ from the upstream ones; the
    /// decompressed bytes, which these hashes cover, are the data set itself and do not depend on the compression.
    /// </remarks>
    public static DataSetFiles Files { get; } = new(
        "Fashion-MNIST",
        Classes: 10,
        TrainImages: new("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        TrainLabels: new("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        TestImages: new("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        TestLabels: new("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /// <summary>The name of each class, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The HTTPS mirrors that serve the four files gzip-compressed (<c>NAME.gz</c>), tried in this order: Keras's, then
    /// the data set's own repository. (The authors' S3 website serves plain HTTP only, so it is not listed.) Every file is
    /// verified against <see cref="Files"/>.
    /// </summary>
    public static IReadOnlyList<Uri> Mirrors { get; } =
    [
        new("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
        new("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
    ];

    /// <summary>What a user can do when no source has Fashion-MNIST: the end of <see cref="DataSetUnavailableException"/>'s message.</summary>
    public static string Remedy { get; } =
        $"on Debian or Ubuntu, install the package: sudo apt-get install {DebianPackage}; " +
        $"or put {string.Join(", ", Files.All.Select(file => file.Name))} (each raw or .gz) in a directory and pass it as the data directory " +
        $"(the sample's --data DIR) or set {DirectoryVariable} to it; or let this machine reach one of the mirrors " +
        $"({string.Join(", ", Mirrors.Select(mirror => mirror.Authority))}) over HTTPS, and the files are downloaded once, verified and cached.";

    /// <summary>
    /// Loads Fashion-MNIST from the first source that has it (<see cref="Sources"/>), reporting each source tried to
    /// <paramref name="log"/>.
    /// </summary>
    /// <param name="dataDirectory">A directory holding the four files (raw or .gz), tried first; null to skip.</param>
    /// <param name="log">Where to report the sources tried; nothing is written when null.</param>
    /// <param name="progress">Told of each download's progress (a progress bar); null for none.</param>
    /// <param name="mirrors">The download mirrors; <see cref="Mirrors"/> when null, and no download when empty.</param>
    /// <returns>The data set, pixels as stored (0 to 255).</returns>
    /// <exception cref="DataSetUnavailableException">No source has Fashion-MNIST; the message lists what was tried and how to fix it.</exception>
    public static ImageDataSet Load(
        string? dataDirectory = null, TextWriter? log = null, IProgress<DownloadProgress>? progress = null, IReadOnlyList<Uri>? mirrors = null) =>
        ImageDataSet.Load(Files, Sources(dataDirectory, progress, mirrors), Remedy, log);

    /// <summary>
    /// Where <see cref="Load"/> looks, in order: <paramref name="dataDirectory"/>, the directory named by
    /// <see cref="DirectoryVariable"/>, the cache (<see cref="DataCache.ForDataSet"/> "fashion-mnist"), the directory of
    /// the Debian package <see cref="DebianPackage"/>, and a download from the mirrors into the cache.
    /// </summary>
    /// <param name="dataDirectory">A directory tried first; null to skip.</param>
    /// <param name="progress">Told of each download's progress; null for none.</param>
    /// <param name="mirrors">The download mirrors; <see cref="Mirrors"/> when null, and no download source when empty.</param>
    public static IReadOnlyList<IDataSource> Sources(
        string? dataDirectory = null, IProgress<DownloadProgress>? progress = null, IReadOnlyList<Uri>? mirrors = null)
    {
        DataCache cache = DataCache.ForDataSet("fashion-mnist");
        var sources = new List<IDataSource>();
        if (!string.IsNullOrEmpty(dataDirectory))
        {
            sources.Add(new DirectorySource(dataDirectory, $"data directory {dataDirectory}"));
        }

        sources.Add(DirectorySource.FromEnvironment(DirectoryVariable));
        sources.Add(DirectorySource.FromCache(cache));
        // Before the download: files apt installed and verified are as good as cached ones, and cost no traffic.
        sources.Add(new DirectorySource(DebianDirectory, $"Debian package {DebianPackage} ({DebianDirectory})"));
        mirrors ??= Mirrors;
        if (mirrors.Count > 0)
        {
            sources.Add(new DownloadSource(mirrors, cache, progress));
        }

        return sources;
    }
}
