namespace Compiled.Data;

/// <summary>One file of a data set, as it is named in a data directory and the hash that proves a copy genuine.</summary>
/// <param name="Name">
/// The file's name without a compression suffix (<c>train-images-idx3-ubyte</c>); a directory may hold it raw under
/// this name or gzip-compressed under the name plus <c>.gz</c>.
/// </param>
/// <param name="Sha256">The SHA-256 of the uncompressed file, 64 hexadecimal digits.</param>
public sealed record DataFile(string Name, string Sha256);
