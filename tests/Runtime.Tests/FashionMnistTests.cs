using System;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

/// <summary>Fashion-MNIST's recorded hashes against the files of the Debian package, which CI installs (.ci/run).</summary>
public sealed class FashionMnistTests
{
    [Fact]
    public void The_recorded_hashes_are_those_of_the_Debian_package_files()
    {
        if (!Directory.Exists(FashionMnist.DebianDirectory))
        {
            // CI installs the package; elsewhere (another system, a machine without it) there is nothing to compare.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"CI should have installed {FashionMnist.DebianPackage}.");
            return;
        }

        foreach (DataFile file in FashionMnist.Files.All)
        {
            using FileStream compressed = File.OpenRead(Path.Combine(FashionMnist.DebianDirectory, file.Name + ".gz"));
            using var content = new GZipStream(compressed, CompressionMode.Decompress);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
        }
    }

    [Fact]
    public void The_Debian_package_directory_reads_as_the_data_set()
    {
        if (!Directory.Exists(FashionMnist.DebianDirectory))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"CI should have installed {FashionMnist.DebianPackage}.");
            return;
        }

        ImageDataSet fashion = ImageDataSet.ReadDirectory(FashionMnist.DebianDirectory, FashionMnist.Files);

        Assert.Equal(60_000, fashion.Train.Count);
        Assert.Equal(10_000, fashion.Test.Count);
        Assert.Equal(28 * 28, fashion.Train.Images.PixelsPerImage);
        Assert.Equal(10, FashionMnist.ClassNames.Count);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[fashion.Test.Labels[0]]); // The first test image of the data set's README.
    }
}
