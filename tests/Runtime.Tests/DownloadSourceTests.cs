using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

/// <summary>
/// Downloading a data set from its mirrors, against servers on 127.0.0.1 only: files verified and cached, mirrors tried
/// in order and each reported, corrupt files rejected and never cached, servers that are down, stall or hang up.
/// </summary>
public sealed class DownloadSourceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<LocalHttpServer> _servers = [];
    private readonly Dictionary<string, byte[]> _contents = new()
    {
        ["train-images-idx3-ubyte"] = IdxBytes.Images(6, 3, 3),
        ["train-labels-idx1-ubyte"] = IdxBytes.Labels([0, 1, 2, 3, 4, 5]),
        ["t10k-images-idx3-ubyte"] = IdxBytes.Images(2, 3, 3),
        ["t10k-labels-idx1-ubyte"] = IdxBytes.Labels([6, 7]),
    };

    private readonly DataSetFiles _files;
    private readonly DataCache _cache;

    public DownloadSourceTests()
    {
        DataFile Genuine(string name) => new(name, Convert.ToHexStringLower(SHA256.HashData(_contents[name])));
        _files = new DataSetFiles(
            "Fake", 10, Genuine("train-images-idx3-ubyte"), Genuine("train-labels-idx1-ubyte"), Genuine("t10k-images-idx3-ubyte"), Genuine("t10k-labels-idx1-ubyte"));
        _cache = new DataCache(Path.Combine(_directory.Path, "cache"));
    }

    public void Dispose()
    {
        foreach (LocalHttpServer server in _servers)
        {
            server.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public void Files_are_downloaded_decompressed_verified_and_cached_with_progress()
    {
        LocalHttpServer mirror = Mirror();
        var progress = new Recorder();
        var log = new StringWriter();

        string directory = new DownloadSource([mirror.BaseUrl], _cache, progress).Provide(_files, log);

        Assert.Equal(_cache.DirectoryPath, directory);
        foreach ((string name, byte[] content) in _contents)
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(directory, name)));
        }

        Assert.Equal(_contents.Keys.Order(), Directory.GetFiles(directory).Select(Path.GetFileName).Order()); // No temporary file left.
        Assert.Equal(6, ImageDataSet.ReadDirectory(directory, _files).Train.Count);
        Assert.Equal(
            [
                $"Fake: downloading {mirror.Url("train-images-idx3-ubyte.gz")}",
                $"Fake: train-images-idx3-ubyte.gz: {Gzipped("train-images-idx3-ubyte").Length:N0} bytes from {mirror.BaseUrl.Authority}, SHA-256 verified, cached",
            ],
            Lines(log)[..2]);
        DownloadProgress last = progress.Reports.Last(report => report.FileName == "t10k-labels-idx1-ubyte.gz");
        Assert.Equal(Gzipped("t10k-labels-idx1-ubyte").Length, last.BytesReceived);
        Assert.Equal(last.BytesReceived, last.TotalBytes);
        Assert.Equal(1.0, last.Fraction);
        Assert.Equal(0, progress.Reports.First().BytesReceived);
    }

    [Fact]
    public void A_server_that_is_down_is_reported_once_and_the_next_mirror_serves()
    {
        Uri down = LocalHttpServer.Down();
        LocalHttpServer mirror = Mirror();
        var log = new StringWriter();

        new DownloadSource([down, mirror.BaseUrl], _cache).Provide(_files, log);

        string[] lines = Lines(log);
        Assert.Equal($"Fake: downloading {new Uri(down, "train-images-idx3-ubyte.gz")}", lines[0]);
        Assert.StartsWith($"Fake: {new Uri(down, "train-images-idx3-ubyte.gz")}: Connection refused", lines[1]);
        Assert.Equal($"Fake: downloading {mirror.Url("train-images-idx3-ubyte.gz")}", lines[2]);
        Assert.Single(lines, line => line.Contains(down.Authority, StringComparison.Ordinal) && line.Contains("downloading", StringComparison.Ordinal));
        Assert.True(_files.All.All(_cache.Contains));
    }

    [Fact]
    public void A_corrupted_file_is_rejected_not_cached_and_the_next_mirror_supplies_it()
    {
        LocalHttpServer corrupt = Mirror(corrupted: "train-labels-idx1-ubyte");
        LocalHttpServer good = Mirror();
        var log = new StringWriter();

        new DownloadSource([corrupt.BaseUrl, good.BaseUrl], _cache).Provide(_files, log);

        string rejection = Lines(log).Single(line => line.Contains("SHA-256 ", StringComparison.Ordinal) && !line.EndsWith("cached", StringComparison.Ordinal));
        Assert.StartsWith(
            $"Fake: {corrupt.Url("train-labels-idx1-ubyte.gz")}: train-labels-idx1-ubyte from {corrupt.Url("train-labels-idx1-ubyte.gz")} has SHA-256 ", rejection);
        Assert.EndsWith($"not the expected {_files.TrainLabels.Sha256}; it was not cached.", rejection);
        Assert.Equal(_contents["train-labels-idx1-ubyte"], File.ReadAllBytes(Path.Combine(_cache.DirectoryPath, "train-labels-idx1-ubyte")));
        Assert.Contains("t10k-labels-idx1-ubyte.gz", corrupt.Requests); // A mirror with one bad file is still asked for the others.
        Assert.DoesNotContain("t10k-labels-idx1-ubyte.gz", good.Requests);
    }

    [Fact]
    public void When_every_mirror_fails_nothing_wrong_is_cached_and_the_error_lists_each_attempt()
    {
        LocalHttpServer corrupt = Mirror(corrupted: "train-images-idx3-ubyte");
        Uri down = LocalHttpServer.Down();
        LocalHttpServer empty = Server();

        var error = Assert.Throws<DataSourceException>(
            () => new DownloadSource([corrupt.BaseUrl, down, empty.BaseUrl], _cache).Provide(_files, TextWriter.Null));

        Assert.StartsWith("no mirror supplied a genuine train-images-idx3-ubyte.gz: ", error.Message);
        Assert.Contains($"{corrupt.Url("train-images-idx3-ubyte.gz")}: train-images-idx3-ubyte from {corrupt.Url("train-images-idx3-ubyte.gz")} has SHA-256 ", error.Message);
        Assert.Contains($"; {new Uri(down, "train-images-idx3-ubyte.gz")}: Connection refused", error.Message);
        Assert.EndsWith($"; {empty.Url("train-images-idx3-ubyte.gz")}: HTTP 404 Not Found", error.Message);
        Assert.False(File.Exists(Path.Combine(_cache.DirectoryPath, "train-images-idx3-ubyte")));
        Assert.Empty(Directory.GetFiles(_cache.DirectoryPath));
    }

    [Fact]
    public void A_file_that_is_not_valid_gzip_is_rejected_and_not_cached()
    {
        LocalHttpServer mirror = Mirror();
        // A gzip header, then a deflate block of the reserved type 3 (first byte 0b111: final, type 11): invalid.
        mirror.Add("t10k-images-idx3-ubyte.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0x07, 0, 0, 0, 0, 0, 0, 0, 0]);

        var error = Assert.Throws<DataSourceException>(() => new DownloadSource([mirror.BaseUrl], _cache).Provide(_files, TextWriter.Null));

        Assert.Matches(@"t10k-images-idx3-ubyte\.gz: not valid gzip data \(.+\); nothing was cached$", error.Message);
        Assert.False(File.Exists(Path.Combine(_cache.DirectoryPath, "t10k-images-idx3-ubyte")));
        Assert.DoesNotContain(Directory.GetFiles(_cache.DirectoryPath), file => file.EndsWith(".download", StringComparison.Ordinal) || file.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mirror_serving_raw_files_is_accepted_too()
    {
        LocalHttpServer mirror = Server();
        foreach ((string name, byte[] content) in _contents)
        {
            mirror.Add(name + ".gz", content);
        }

        new DownloadSource([mirror.BaseUrl], _cache).Provide(_files, TextWriter.Null);

        Assert.True(_files.All.All(_cache.Contains));
    }

    [Fact]
    public void A_server_that_hangs_up_part_way_is_reported_and_not_asked_again()
    {
        LocalHttpServer mirror = Mirror();
        mirror.Add("train-images-idx3-ubyte.gz", Gzipped("train-images-idx3-ubyte"), LocalHttpServer.Behavior.Truncate);

        var error = Assert.Throws<DataSourceException>(() => new DownloadSource([mirror.BaseUrl], _cache).Provide(_files, TextWriter.Null));

        Assert.Contains($"{mirror.Url("train-images-idx3-ubyte.gz")}: the connection broke after ", error.Message);
        Assert.Empty(Directory.GetFiles(_cache.DirectoryPath));
    }

    [Fact]
    public void A_server_that_never_answers_times_out_and_is_not_asked_again()
    {
        LocalHttpServer stalled = Mirror();
        stalled.Add("train-images-idx3-ubyte.gz", Gzipped("train-images-idx3-ubyte"), LocalHttpServer.Behavior.Stall);
        LocalHttpServer good = Mirror();
        var log = new StringWriter();

        // The same timeout also bounds every chunk from the good mirror: 4 s leaves a loaded 2-core CI machine
        // room to serve them (1.5 s failed there now and then).
        new DownloadSource([stalled.BaseUrl, good.BaseUrl], _cache, stallTimeout: TimeSpan.FromSeconds(4)).Provide(_files, log);

        Assert.Contains($"Fake: {stalled.Url("train-images-idx3-ubyte.gz")}: no answer within 4 s", Lines(log));
        Assert.Equal(["train-images-idx3-ubyte.gz"], stalled.Requests);
        Assert.True(_files.All.All(_cache.Contains));
    }

    [Fact]
    public void Files_already_in_the_cache_are_not_downloaded_again()
    {
        LocalHttpServer mirror = Mirror();
        _cache.Store(_files.TrainImages, new MemoryStream(_contents["train-images-idx3-ubyte"]), "a test");
        var log = new StringWriter();

        new DownloadSource([mirror.BaseUrl], _cache).Provide(_files, log);

        Assert.Equal("Fake: train-images-idx3-ubyte is in the cache already", Lines(log)[0]);
        Assert.DoesNotContain("train-images-idx3-ubyte.gz", mirror.Requests);
        Assert.Equal(3, mirror.Requests.Count);
    }

    [Fact]
    public void A_cached_file_whose_hash_differs_is_downloaded_again()
    {
        LocalHttpServer mirror = Mirror();
        Directory.CreateDirectory(_cache.DirectoryPath);
        File.WriteAllBytes(Path.Combine(_cache.DirectoryPath, "train-labels-idx1-ubyte"), [1, 2, 3]);

        new DownloadSource([mirror.BaseUrl], _cache).Provide(_files, TextWriter.Null);

        Assert.Equal(_contents["train-labels-idx1-ubyte"], File.ReadAllBytes(Path.Combine(_cache.DirectoryPath, "train-labels-idx1-ubyte")));
    }

    [Fact]
    public void A_data_set_loads_through_the_download_and_then_from_the_cache()
    {
        LocalHttpServer mirror = Mirror();
        IDataSource[] sources = [DirectorySource.FromCache(_cache), new DownloadSource([mirror.BaseUrl], _cache)];
        var first = new StringWriter();
        var second = new StringWriter();

        ImageDataSet downloaded = ImageDataSet.Load(_files, sources, "no remedy", first);
        ImageDataSet cached = ImageDataSet.Load(_files, sources, "no remedy", second);

        Assert.Equal($"mirrors {mirror.BaseUrl.Authority}", downloaded.Source);
        Assert.Equal($"cache {_cache.DirectoryPath}", cached.Source);
        Assert.Equal(downloaded.Test.Labels, cached.Test.Labels);
        Assert.Equal($"Fake: cache {_cache.DirectoryPath}: the directory does not exist", Lines(first)[0]);
        Assert.Equal([$"Fake: loaded 6 training and 2 test images from cache {_cache.DirectoryPath}"], Lines(second));
        Assert.Equal(4, mirror.Requests.Count);
    }

    [Theory]
    [InlineData("http://example.com/mnist/")]
    [InlineData("ftp://127.0.0.1/mnist/")]
    [InlineData("https://example.com/mnist")]
    public void Mirrors_must_be_https_urls_of_directories(string mirror)
    {
        var error = Assert.Throws<ArgumentException>(() => new DownloadSource([new Uri(mirror)], _cache));

        Assert.StartsWith($"Mirror '{mirror}' must be an absolute https:// URL ending in '/'", error.Message);
    }

    [Fact]
    public void The_mirror_lists_are_https()
    {
        Assert.All(Mnist.Mirrors.Concat(FashionMnist.Mirrors), mirror => Assert.Equal(Uri.UriSchemeHttps, mirror.Scheme));
        Assert.NotEmpty(Mnist.Mirrors);
        Assert.NotEmpty(FashionMnist.Mirrors);
    }

    // ---- Helpers ----

    private LocalHttpServer Server()
    {
        var server = new LocalHttpServer();
        _servers.Add(server);
        return server;
    }

    // A server with the four files gzip-compressed, as the real mirrors hold them; one of them corrupted if named.
    private LocalHttpServer Mirror(string? corrupted = null)
    {
        LocalHttpServer server = Server();
        foreach (string name in _contents.Keys)
        {
            byte[] content = (byte[])_contents[name].Clone();
            if (name == corrupted)
            {
                content[^1] ^= 0x01;
            }

            server.Add(name + ".gz", IdxBytes.Gzip(content));
        }

        return server;
    }

    private byte[] Gzipped(string name) => IdxBytes.Gzip(_contents[name]);

    private static string[] Lines(StringWriter log) => log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    // Records reports as they come (IProgress<T>'s usual Progress<T> would post them to another thread, out of order).
    private sealed class Recorder : IProgress<DownloadProgress>
    {
        public ConcurrentQueue<DownloadProgress> Reports { get; } = new();

        public void Report(DownloadProgress value) => Reports.Enqueue(value);
    }
}
