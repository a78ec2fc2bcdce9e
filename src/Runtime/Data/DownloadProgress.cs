using System;

namespace Compiled.Data;

/// <summary>How far the download of one file has come, reported by <see cref="DownloadSource"/> as bytes arrive.</summary>
/// <param name="FileName">The file being downloaded, as the mirror names it (<c>train-images-idx3-ubyte.gz</c>).</param>
/// <param name="Url">Where it comes from.</param>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">The file's size if the server said it (Content-Length), else null.</param>
public readonly record struct DownloadProgress(string FileName, Uri Url, long BytesReceived, long? TotalBytes)
{
    /// <summary>The fraction done, 0 to 1, or null when the size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Clamp((double)BytesReceived / TotalBytes.Value, 0, 1) : null;
}
