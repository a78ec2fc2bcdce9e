using System;
using System.IO;

namespace Compiled.Data;

/// <summary>An <see cref="IDataSource"/> cannot supply a data set's files; the message says why.</summary>
public sealed class DataSourceException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the source cannot supply the files, for a person to read.</param>
    /// <param name="innerException">The error behind it, if any.</param>
    public DataSourceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
