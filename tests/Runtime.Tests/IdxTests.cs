using System;
using System.IO;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

public sealed class IdxTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // ---- Reading valid files ----

    [Theory]
    [InlineData(false, "images")]
    [InlineData(true, "images")]
    [InlineData(true, "images.gz")]
    [InlineData(false, "images.gz")]
    public void Images_are_read_raw_or_gzip_whatever_the_extension(bool gzip, string name)
    {
        byte[] pixels = IdxBytes.Pattern(3 * 2 * 4);
        byte[] file = IdxBytes.Images(3, 2, 4, pixels);
        string path = _directory.Write(name, gzip ? IdxBytes.Gzip(file) : file);

        IdxImages images = Idx.ReadImages(path);

        Assert.Equal(3, images.Count);
        Assert.Equal(2, images.Rows);
        Assert.Equal(4, images.Columns);
        Assert.Equal(8, images.PixelsPerImage);
        Assert.Equal(pixels, images.Pixels);
        Assert.Equal(pixels.AsSpan(8, 8), images.GetImage(1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_are_read_raw_or_gzip(bool gzip)
    {
        byte[] labels = [3, 1, 4, 1, 5, 9, 2, 6];
        byte[] file = IdxBytes.Labels(labels);
        string path = _directory.Write("labels", gzip ? IdxBytes.Gzip(file) : file);

        Assert.Equal(labels, Idx.ReadLabels(path));
    }

    [Fact]
    public void A_gzip_file_larger_than_the_first_chunk_is_read_whole()
    {
        // 3 MiB of pixels: the decompressed body grows from its first 64 KiB chunk several times.
        byte[] pixels = IdxBytes.Pattern(3 * 1024 * 1024);
        string path = _directory.Write("big.gz", IdxBytes.Gzip(IdxBytes.Images(3 * 1024, 32, 32, pixels)));

        Assert.Equal(pixels, Idx.ReadImages(path).Pixels);
    }

    [Fact]
    public void Copy_scaled_writes_pixels_divided_by_255()
    {
        var images = new IdxImages(2, 1, 3, [0, 51, 255, 255, 102, 0]);
        var row = new float[3];

        images.CopyScaled(1, row);

        Assert.Equal([1f, 0.4f, 0f], row);
    }

    // ---- Invalid files: each an InvalidDataException naming the file and the problem ----

    [Fact]
    public void A_labels_file_read_as_images_reports_the_wrong_magic_number()
    {
        string path = _directory.Write("labels", IdxBytes.Labels([1, 2, 3]));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains("magic number 0x00000801", error.Message);
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("this is a labels file", error.Message);
    }

    [Fact]
    public void An_images_file_read_as_labels_reports_the_wrong_magic_number()
    {
        string path = _directory.Write("images", IdxBytes.Images(1, 2, 2));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));

        AssertNames(path, error);
        Assert.Contains("magic number 0x00000803", error.Message);
        Assert.Contains("this is an images file", error.Message);
    }

    [Fact]
    public void A_file_of_another_format_reports_its_magic_number()
    {
        string path = _directory.Write("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0]);

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains("magic number 0x89504E47", error.Message);
    }

    [Theory]
    [InlineData(0, 28, 28, "count = 0")]
    [InlineData(5, 0, 28, "rows = 0")]
    [InlineData(5, 28, -3, "columns = -3")]
    [InlineData(int.MinValue, 28, 28, "count = -2147483648")]
    public void A_dimension_that_is_not_positive_is_rejected(int count, int rows, int columns, string problem)
    {
        string path = _directory.Write("images", IdxBytes.Concat(IdxBytes.Header(0x803, count, rows, columns), new byte[64]));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains(problem, error.Message);
        Assert.Contains("must be positive", error.Message);
    }

    [Fact]
    public void A_labels_count_of_zero_is_rejected()
    {
        string path = _directory.Write("labels", IdxBytes.Header(0x801, 0));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));

        Assert.Contains("count = 0", error.Message);
    }

    [Fact]
    public void Dimensions_whose_product_exceeds_the_array_limit_are_rejected_before_reading()
    {
        string path = _directory.Write("images", IdxBytes.Header(0x803, 60000, 60000, 60000));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains("more bytes than one array can hold", error.Message);
    }

    [Fact]
    public void A_raw_header_promising_more_than_the_file_holds_fails_without_allocating_the_promise()
    {
        // 1.9 GB promised, 10 bytes present.
        string path = _directory.Write("images", IdxBytes.Concat(IdxBytes.Header(0x803, 100_000, 140, 140), new byte[10]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertNames(path, error);
        Assert.Contains("100000 images of 140x140 pixels (1960000000 bytes)", error.Message);
        Assert.Contains("only 10 bytes follow it", error.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_gzip_header_promising_more_than_the_stream_holds_fails_without_allocating_the_promise()
    {
        string path = _directory.Write("images.gz", IdxBytes.Gzip(IdxBytes.Concat(IdxBytes.Header(0x803, 100_000, 140, 140), new byte[10])));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertNames(path, error);
        Assert.Contains("the decompressed data ends after 10 of the 1960000000 bytes its header declares", error.Message);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_labels_body_is_rejected(bool gzip)
    {
        byte[] file = IdxBytes.Labels([1, 2, 3, 4, 5])[..^2];
        string path = _directory.Write("labels", gzip ? IdxBytes.Gzip(file) : file);

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));

        AssertNames(path, error);
        Assert.Contains("5 labels (5 bytes)", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(false, 0, "the file is empty")]
    [InlineData(false, 10, "the file ends after 10 bytes, inside its 16-byte header")]
    [InlineData(true, 0, "the decompressed data is empty")]
    [InlineData(true, 7, "the decompressed data ends after 7 bytes, inside its 16-byte header")]
    public void A_truncated_header_is_rejected(bool gzip, int length, string problem)
    {
        byte[] file = IdxBytes.Images(1, 2, 2)[..length];
        string path = _directory.Write("images", gzip ? IdxBytes.Gzip(file) : file);

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Trailing_bytes_after_a_raw_body_are_rejected()
    {
        string path = _directory.Write("images", IdxBytes.Concat(IdxBytes.Images(2, 2, 2), [1, 2, 3]));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains("2 images of 2x2 pixels (8 bytes) but 11 bytes follow it (3 unexpected trailing bytes)", error.Message);
    }

    [Fact]
    public void Trailing_bytes_after_a_gzip_body_are_rejected()
    {
        string path = _directory.Write("labels.gz", IdxBytes.Gzip(IdxBytes.Concat(IdxBytes.Labels([1, 2]), [9])));

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));

        AssertNames(path, error);
        Assert.Contains("continues after the 2 labels (2 bytes)", error.Message);
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_with_the_file_name()
    {
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Images(4, 8, 8));
        gzip.AsSpan(10).Fill(0xFF); // Keep the gzip magic and header, destroy the deflate stream.
        string path = _directory.Write("images.gz", gzip);

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));

        AssertNames(path, error);
        Assert.Contains("the gzip data is corrupt", error.Message);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_exception()
    {
        string path = Path.Combine(_directory.Path, "absent");

        Assert.Throws<FileNotFoundException>(() => Idx.ReadImages(path));
    }

    private static void AssertNames(string path, InvalidDataException error) =>
        Assert.StartsWith($"IDX file '{path}': ", error.Message);
}
