using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Compiled.Data;

/// <summary>
/// Downloads a data set's files over HTTPS from its mirrors, verifies every file's SHA-256 and stores it in a
/// <see cref="DataCache"/>, whose directory it then provides. Each file is fetched as <c>NAME.gz</c> (the layout
/// every MNIST-style mirror uses) from the first mirror, tried in order, that supplies a genuine copy.
/// </summary>
/// <remarks>
/// <para>
/// A file already in the cache with the right hash is not fetched again, so an interrupted download resumes file by
/// file. Each attempt is reported to the log: the URL, then the bytes received or why it failed (a refused connection,
/// an HTTP error, a stall, a corrupt or wrong file). A corrupt or wrong file is never cached: bytes land in a temporary
/// file, are decompressed and hashed on their way into the cache, and enter it only when the hash matches.
/// </para>
/// <para>
/// A mirror that cannot be reached (no connection, no answer) is not asked for the remaining files; one that answers
/// with an HTTP error or a wrong file still is, since another file may be fine there.
/// </para>
/// </remarks>
public sealed class DownloadSource : IDataSource
{
    private readonly DataCache _cache;
    private readonly IProgress<DownloadProgress>? _progress;
    private readonly TimeSpan _stallTimeout;

    /// <summary>A source that downloads from <paramref name="mirrors"/> into <paramref name="cache"/>.</summary>
    /// <param name="mirrors">
    /// Base URLs, each ending in <c>/</c>, first choice first. HTTPS only; plain HTTP is accepted on the loopback
    /// address alone, for tests.
    /// </param>
    /// <param name="cache">Where verified files are stored.</param>
    /// <param name="progress">Told of the bytes received as each file arrives (a progress bar); null for none.</param>
    /// <param name="stallTimeout">
    /// How long a connection may take to open, a server to answer, or a download to go without receiving a byte,
    /// before the mirror counts as unreachable; 30 seconds if null.
    /// </param>
    /// <exception cref="ArgumentException">A mirror is not an absolute HTTPS URL ending in <c>/</c>.</exception>
    public DownloadSource(IReadOnlyList<Uri> mirrors, DataCache cache, IProgress<DownloadProgress>? progress = null, TimeSpan? stallTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(mirrors);
        ArgumentNullException.ThrowIfNull(cache);
        foreach (Uri mirror in mirrors)
        {
            ArgumentNullException.ThrowIfNull(mirror, nameof(mirrors));
            bool secure = mirror.IsAbsoluteUri && (mirror.Scheme == Uri.UriSchemeHttps || (mirror.Scheme == Uri.UriSchemeHttp && mirror.IsLoopback));
            if (!secure || !mirror.AbsolutePath.EndsWith('/'))
            {
                throw new ArgumentException(
                    $"Mirror '{mirror}' must be an absolute https:// URL ending in '/' (http:// only on the loopback address, for tests).", nameof(mirrors));
            }
        }

        Mirrors = mirrors.ToArray();
        _cache = cache;
        _progress = progress;
        _stallTimeout = stallTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The mirrors' base URLs, in the order they are tried.</summary>
    public IReadOnlyList<Uri> Mirrors { get; }

    /// <inheritdoc/>
    public string Description => Mirrors.Count == 0
        ? "mirrors: none"
        : $"mirrors {string.Join(", ", Mirrors.Select(mirror => mirror.Authority))}";

    /// <inheritdoc/>
    public string Provide(DataSetFiles files, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(log);
        if (Mirrors.Count == 0)
        {
            throw new DataSourceException("no mirrors are configured");
        }

        // Mirrors that could not be reached, with the reason, so they are not asked again for the next file.
        var unreachable = new Dictionary<Uri, string>();
        using HttpClient client = CreateClient();
        foreach (DataFile file in files.All)
        {
            if (_cache.Contains(file))
            {
                log.WriteLine($"{files.Name}: {file.Name} is in the cache already");
                continue;
            }

            Fetch(client, files.Name, file, log, unreachable);
        }

        return _cache.DirectoryPath;
    }

    // Tries each mirror in turn until one supplies a genuine copy of the file, which then is in the cache.
    private void Fetch(HttpClient client, string dataSet, DataFile file, TextWriter log, Dictionary<Uri, string> unreachable)
    {
        string remoteName = file.Name + ".gz";
        var failures = new List<string>();
        foreach (Uri mirror in Mirrors)
        {
            var url = new Uri(mirror, remoteName);
            if (unreachable.TryGetValue(mirror, out string? earlier))
            {
                failures.Add($"{url}: not tried ({mirror.Authority} {earlier})");
                continue;
            }

            log.WriteLine($"{dataSet}: downloading {url}");
            try
            {
                long bytes = Download(client, url, remoteName, file);
                log.WriteLine($"{dataSet}: {remoteName}: {bytes:N0} bytes from {mirror.Authority}, SHA-256 verified, cached");
                return;
            }
            catch (MirrorUnreachableException e)
            {
                unreachable[mirror] = $"was unreachable: {e.Message}";
                failures.Add($"{url}: {e.Message}");
                log.WriteLine($"{dataSet}: {url}: {e.Message}");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or HttpRequestException or UnauthorizedAccessException)
            {
                failures.Add($"{url}: {e.Message}");
                log.WriteLine($"{dataSet}: {url}: {e.Message}");
            }
        }

        throw new DataSourceException($"no mirror supplied a genuine {remoteName}: {string.Join("; ", failures)}");
    }

    // Downloads the file into a temporary file beside the cache, then decompresses it (if gzip) into the cache, which
    // keeps it only if its hash matches. Returns the bytes downloaded.
    private long Download(HttpClient client, Uri url, string remoteName, DataFile file)
    {
        Directory.CreateDirectory(_cache.DirectoryPath);
        string temporary = Path.Combine(_cache.DirectoryPath, $"{remoteName}.{Guid.NewGuid():N}.download");
        try
        {
            // Blocking on the asynchronous download is safe: every await in it is ConfigureAwait(false).
            long received = DownloadToFileAsync(client, url, remoteName, temporary).GetAwaiter().GetResult();
            using FileStream downloaded = File.OpenRead(temporary);
            bool gzip = downloaded.ReadByte() == 0x1f && downloaded.ReadByte() == 0x8b;
            downloaded.Position = 0;
            if (!gzip)
            {
                _cache.Store(file, downloaded, url.ToString());
                return received;
            }

            using var content = new GzipContent(downloaded);
            _cache.Store(file, content, url.ToString());
            return received;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<long> DownloadToFileAsync(HttpClient client, Uri url, string remoteName, string path)
    {
        using var stall = new CancellationTokenSource(_stallTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new MirrorUnreachableException(e.Message, e);
        }
        catch (OperationCanceledException e)
        {
            throw new MirrorUnreachableException($"no answer within {_stallTimeout.TotalSeconds:0.#} s", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new DataSourceException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            long? total = response.Content.Headers.ContentLength;
            long received = 0;
            _progress?.Report(new DownloadProgress(remoteName, url, 0, total));
            using Stream body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
            using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            while (true)
            {
                int read;
                stall.CancelAfter(_stallTimeout); // The clock restarts with every chunk: only a stall, not a slow line, stops a download.
                try
                {
                    read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e)
                {
                    throw new MirrorUnreachableException(
                        $"the download stalled: no data for {_stallTimeout.TotalSeconds:0.#} s after {received:N0} bytes", e);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new MirrorUnreachableException($"the connection broke after {received:N0} bytes: {e.Message}", e);
                }

                if (read == 0)
                {
                    break;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None).ConfigureAwait(false);
                received += read;
                _progress?.Report(new DownloadProgress(remoteName, url, received, total));
            }

            if (total is not null && received != total)
            {
                throw new DataSourceException($"the download ended after {received:N0} of {total:N0} bytes");
            }

            return received;
        }
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _stallTimeout,
            AutomaticDecompression = DecompressionMethods.None, // The .gz bytes are what the mirrors publish; we decompress them ourselves.
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan }; // Stalls are timed per read instead.
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"Compiled/{typeof(DownloadSource).Assembly.GetName().Version?.ToString(3) ?? "0"}");
        return client;
    }

    // Decompresses gzip data, saying what is wrong when it is not valid gzip (the base library's message does not).
    private sealed class GzipContent(Stream compressed) : Stream
    {
        private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return _gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"not valid gzip data ({e.Message}); nothing was cached", e);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    // The mirror itself failed (no connection, no answer, a broken or stalled transfer), not just one of its files.
    private sealed class MirrorUnreachableException(string message, Exception innerException) : IOException(message, innerException);
}
