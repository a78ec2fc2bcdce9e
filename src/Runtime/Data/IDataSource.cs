using System.IO;

namespace Compiled.Data;

/// <summary>
/// One place a data set's files may come from: a directory, the cache, a package manager, a download. A data set
/// tries its sources in order (<see cref="ImageDataSet.Load"/>) and reads the first directory one provides.
/// </summary>
public interface IDataSource
{
    /// <summary>What the source is, for a person: <c>cache /home/me/.cache/compiled/mnist</c>.</summary>
    string Description { get; }

    /// <summary>Makes the files available, fetching them if this source fetches, and returns the directory holding them.</summary>
    /// <param name="files">The files wanted; each may be in the directory raw or with <c>.gz</c>.</param>
    /// <param name="log">Where to report progress of slow work.</param>
    /// <returns>A directory that holds every file of <paramref name="files"/>.</returns>
    /// <exception cref="DataSourceException">The source cannot supply the files; the message says why.</exception>
    /// <exception cref="IOException">Reading or writing a file failed.</exception>
    /// <exception cref="InvalidDataException">A fetched file is not what was expected (a hash mismatch).</exception>
    string Provide(DataSetFiles files, TextWriter log);
}
