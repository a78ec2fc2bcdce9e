using System;
using System.Collections.Generic;
using System.IO;

namespace Compiled.Data;

/// <summary>An MNIST-style data set: labeled training and test images, and where they were read from.</summary>
public sealed class ImageDataSet
{
    /// <summary>Creates the data set.</summary>
    /// <param name="name">Its name in messages (<c>MNIST</c>).</param>
    /// <param name="train">The training part.</param>
    /// <param name="test">The test part.</param>
    /// <param name="source">Where it was read from, for a person.</param>
    public ImageDataSet(string name, LabeledImages train, LabeledImages test, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(source);
        Name = name;
        Train = train;
        Test = test;
        Source = source;
    }

    /// <summary>The data set's name.</summary>
    public string Name { get; }

    /// <summary>The training images and labels.</summary>
    public LabeledImages Train { get; }

    /// <summary>The test images and labels.</summary>
    public LabeledImages Test { get; }

    /// <summary>Where the data set was read from (a source's <see cref="IDataSource.Description"/>, or a directory).</summary>
    public string Source { get; }

    /// <summary>
    /// Tries <paramref name="sources"/> in order and reads the first directory one provides, reporting each failure
    /// and the success to <paramref name="log"/>. A source whose files are missing or invalid is skipped.
    /// </summary>
    /// <param name="files">The data set's files.</param>
    /// <param name="sources">Where to look, first choice first.</param>
    /// <param name="remedy">What a user can do when every source fails, for the exception's message.</param>
    /// <param name="log">Where to report each source tried; nothing is written when null.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="DataSetUnavailableException">Every source failed; the message lists each and why.</exception>
    public static ImageDataSet Load(DataSetFiles files, IEnumerable<IDataSource> sources, string remedy, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(remedy);
        log ??= TextWriter.Null;
        var attempts = new List<string>();
        foreach (IDataSource source in sources)
        {
            try
            {
                string directory = source.Provide(files, log);
                ImageDataSet data = ReadDirectory(directory, files, source.Description);
                log.WriteLine($"{files.Name}: loaded {data.Train.Count} training and {data.Test.Count} test images from {source.Description}");
                return data;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                string attempt = $"{source.Description}: {e.Message}";
                attempts.Add(attempt);
                log.WriteLine($"{files.Name}: {attempt}");
            }
        }

        throw new DataSetUnavailableException(files.Name, attempts, remedy);
    }

    /// <summary>
    /// Reads the four files from <paramref name="directory"/> (each raw or with <c>.gz</c>) and checks that they fit
    /// together: as many labels as images in each part, labels below <see cref="DataSetFiles.Classes"/>, and
    /// training and test images of one size.
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <param name="files">The data set's files.</param>
    /// <param name="source">Where the directory came from, kept as <see cref="Source"/>; the directory when null.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is invalid or the files do not fit together; the message names the file.</exception>
    public static ImageDataSet ReadDirectory(string directory, DataSetFiles files, string? source = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(files);
        LabeledImages train = ReadPart(directory, files.TrainImages, files.TrainLabels, files.Classes);
        LabeledImages test = ReadPart(directory, files.TestImages, files.TestLabels, files.Classes);
        if (train.Images.Rows != test.Images.Rows || train.Images.Columns != test.Images.Columns)
        {
            throw new InvalidDataException(
                $"{files.Name} in '{directory}': the training images are {train.Images.Rows}x{train.Images.Columns} pixels " +
                $"but the test images {test.Images.Rows}x{test.Images.Columns}.");
        }

        return new ImageDataSet(files.Name, train, test, source ?? directory);
    }

    private static LabeledImages ReadPart(string directory, DataFile imagesFile, DataFile labelsFile, int classes)
    {
        string imagesPath = Find(directory, imagesFile);
        string labelsPath = Find(directory, labelsFile);
        IdxImages images = Idx.ReadImages(imagesPath);
        byte[] labels = Idx.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; they must pair one to one.");
        }

        int outOfRange = Array.FindIndex(labels, label => label >= classes);
        if (outOfRange >= 0)
        {
            throw new InvalidDataException(
                $"IDX file '{labelsPath}': label {outOfRange} is {labels[outOfRange]}, but the data set has only {classes} classes (0 to {classes - 1}).");
        }

        return new LabeledImages(images, labels);
    }

    private static string Find(string directory, DataFile file) =>
        DirectorySource.FindFile(directory, file)
        ?? throw new FileNotFoundException($"No {file.Name} or {file.Name}.gz in '{directory}'.", Path.Combine(directory, file.Name));
}
