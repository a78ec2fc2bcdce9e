using System;
using System.Collections.Generic;
using System.Linq;
using Compiled.Data;

namespace Compiled.Runtime.Tests;

public sealed class MiniBatchesTests
{
    [Fact]
    public void Before_any_shuffle_batches_come_in_file_order_with_pixels_scaled_and_a_smaller_last_batch()
    {
        LabeledImages data = Data(count: 7, pixelsPerImage: 2);
        var batches = new MiniBatches(data, batchSize: 3);

        Assert.Equal(3, batches.Count);
        Assert.Equal([3, 3, 1], Enumerable.Range(0, 3).Select(b => batches.Get(b).Size));

        Batch last = batches.Get(2);
        Assert.Equal([12 / 255f, 13 / 255f], last.Inputs.ToArray());
        Assert.Equal([6], last.Labels.ToArray());

        Batch first = batches.Get(0);
        Assert.Equal(6, first.Inputs.Length);
        Assert.Equal([0, 1, 2], first.Labels.ToArray());
    }

    [Fact]
    public void Each_batch_pairs_every_sample_with_its_own_label_after_a_shuffle()
    {
        // Both pixels of image i are i and its label is i mod 10, so a batch shows whether inputs and labels moved together.
        LabeledImages data = Data(count: 50, pixelsPerImage: 2, pixel: (image, _) => (byte)image);
        var batches = new MiniBatches(data, batchSize: 8, seed: 3);
        batches.Shuffle();

        var seen = new List<int>();
        for (int b = 0; b < batches.Count; b++)
        {
            Batch batch = batches.Get(b);
            for (int i = 0; i < batch.Size; i++)
            {
                int image = (int)MathF.Round(batch.Inputs[2 * i] * 255);
                Assert.Equal(batch.Inputs[2 * i], batch.Inputs[2 * i + 1]);
                Assert.Equal(image % 10, batch.Labels[i]);
                seen.Add(image);
            }
        }

        Assert.Equal(Enumerable.Range(0, 50), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), seen);
    }

    [Fact]
    public void Shuffles_are_permutations_reproducible_from_the_seed_and_new_each_epoch()
    {
        int[] first = Orders(seed: 42, epochs: 2)[0], second = Orders(seed: 42, epochs: 2)[1];

        Assert.Equal(Enumerable.Range(0, 100), first.Order());
        Assert.Equal(first, Orders(seed: 42, epochs: 1)[0]);
        Assert.NotEqual(first, second);
        Assert.NotEqual(first, Orders(seed: 43, epochs: 1)[0]);
    }

    [Fact]
    public void Every_order_of_four_samples_is_equally_likely()
    {
        // 24 orders, 24,000 shuffles: about 1000 each, standard deviation about 31; 800 to 1200 is a 6-sigma band.
        var batches = new MiniBatches(Data(count: 4, pixelsPerImage: 1), batchSize: 4, seed: 7);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 24_000; i++)
        {
            batches.Shuffle();
            string order = string.Join(",", batches.Order.ToArray());
            counts[order] = counts.GetValueOrDefault(order) + 1;
        }

        Assert.Equal(24, counts.Count);
        Assert.All(counts, pair => Assert.InRange(pair.Value, 800, 1200));
    }

    [Fact]
    public void An_epoch_of_shuffling_and_batching_allocates_nothing()
    {
        var batches = new MiniBatches(Data(count: 250, pixelsPerImage: 784), batchSize: 100, seed: 1);
        float checksum = 0;

        long allocated = Allocations.AfterWarmUp(() =>
        {
            batches.Shuffle();
            for (int b = 0; b < batches.Count; b++)
            {
                Batch batch = batches.Get(b);
                checksum += batch.Inputs[0] + batch.Labels[0];
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(checksum >= 0);
    }

    [Fact]
    public void A_batch_size_above_the_sample_count_gives_one_batch_of_everything()
    {
        var batches = new MiniBatches(Data(count: 5, pixelsPerImage: 3), batchSize: 100);

        Assert.Equal(5, batches.BatchSize);
        Assert.Equal(1, batches.Count);
        Assert.Equal(5, batches.Get(0).Size);
    }

    [Fact]
    public void Out_of_range_arguments_are_rejected()
    {
        var batches = new MiniBatches(Data(count: 5, pixelsPerImage: 3), batchSize: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatches(Data(count: 5, pixelsPerImage: 3), batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.Get(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.Get(-1));
    }

    private static int[][] Orders(ulong seed, int epochs)
    {
        var batches = new MiniBatches(Data(count: 100, pixelsPerImage: 1), batchSize: 10, seed);
        var orders = new int[epochs][];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            batches.Shuffle();
            orders[epoch] = batches.Order.ToArray();
        }

        return orders;
    }

    // Images of one row; by default pixel k of the whole stack is k, and image i has label i mod 10.
    private static LabeledImages Data(int count, int pixelsPerImage, Func<int, int, byte>? pixel = null)
    {
        pixel ??= (image, column) => (byte)(image * pixelsPerImage + column);
        var pixels = new byte[count * pixelsPerImage];
        for (int image = 0; image < count; image++)
        {
            for (int column = 0; column < pixelsPerImage; column++)
            {
                pixels[image * pixelsPerImage + column] = pixel(image, column);
            }
        }

        byte[] labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        return new LabeledImages(new IdxImages(count, 1, pixelsPerImage, pixels), labels);
    }
}
