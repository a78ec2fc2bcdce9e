using System;
using System.Numerics.Tensors;

namespace Compiled.Data;

/// <summary>
/// A stack of equally sized grayscale images, one byte per pixel, as an IDX images file stores them
/// (<see cref="Idx.ReadImages"/>).
/// </summary>
public sealed class IdxImages
{
    /// <summary>Wraps pixels already in memory.</summary>
    /// <param name="count">Images, at least 1.</param>
    /// <param name="rows">Rows of each image, at least 1.</param>
    /// <param name="columns">Columns of each image, at least 1.</param>
    /// <param name="pixels">Row-major [count, rows, columns]; kept, not copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> does not hold count × rows × columns bytes.</exception>
    public IdxImages(int count, int rows, int columns, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)count * rows * columns)
        {
            throw new ArgumentException(
                $"pixels must hold {count} x {rows} x {columns} = {(long)count * rows * columns} bytes; got {pixels.LongLength}.", nameof(pixels));
        }

        Count = count;
        Rows = rows;
        Columns = columns;
        Pixels = pixels;
    }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>Rows of each image (28 for MNIST).</summary>
    public int Rows { get; }

    /// <summary>Columns of each image (28 for MNIST).</summary>
    public int Columns { get; }

    /// <summary>Rows × columns: the features of one image fed to a network (784 for MNIST).</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>Every pixel, row-major [count, rows, columns], 0 to 255 as stored.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixels of one image, row-major [rows, columns].</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the stack.</exception>
    public ReadOnlySpan<byte> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>Writes one image's pixels scaled to [0, 1] (pixel / 255), the usual input normalization for MNIST.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <param name="destination">Exactly <see cref="PixelsPerImage"/> floats.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the stack.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public void CopyScaled(int index, Span<float> destination)
    {
        ReadOnlySpan<byte> image = GetImage(index);
        if (destination.Length != image.Length)
        {
            throw new ArgumentException($"destination must have length {image.Length} (one image); got {destination.Length}.", nameof(destination));
        }

        TensorPrimitives.ConvertTruncating(image, destination);
        TensorPrimitives.Divide(destination, 255f, destination);
    }
}
