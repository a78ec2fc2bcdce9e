using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Compiled.Data;

/// <summary>Every source of a data set failed. The message lists each source with its reason, then how to fix it.</summary>
public sealed class DataSetUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="dataSet">The data set's name.</param>
    /// <param name="attempts">One line per source tried: its description and why it failed.</param>
    /// <param name="remedy">What the user can do about it.</param>
    public DataSetUnavailableException(string dataSet, IReadOnlyList<string> attempts, string remedy)
        : base(Compose(dataSet, attempts, remedy))
    {
        DataSet = dataSet;
        Attempts = attempts;
    }

    /// <summary>The data set's name.</summary>
    public string DataSet { get; }

    /// <summary>One line per source tried: its description and why it failed.</summary>
    public IReadOnlyList<string> Attempts { get; }

    private static string Compose(string dataSet, IReadOnlyList<string> attempts, string remedy)
    {
        var message = new StringBuilder($"{dataSet} is not available. Tried:");
        foreach (string attempt in attempts)
        {
            message.Append(Environment.NewLine).Append("  - ").Append(attempt);
        }

        return message.Append(Environment.NewLine).Append("To fix: ").Append(remedy).ToString();
    }
}
