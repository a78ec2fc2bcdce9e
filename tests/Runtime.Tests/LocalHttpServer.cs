using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Compiled.Runtime.Tests;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a port the system picks, for the download tests: it answers GET requests
/// from a table of paths, one request per connection, and nothing else. Nothing leaves the machine.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Response> _responses = new(StringComparer.Ordinal);
    private readonly Task _accepting;

    public LocalHttpServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>How the server answers a path.</summary>
    public enum Behavior
    {
        /// <summary>200 with the body and its Content-Length.</summary>
        Serve,

        /// <summary>Reads the request and never answers.</summary>
        Stall,

        /// <summary>Promises the whole body in Content-Length, sends half, and closes the connection.</summary>
        Truncate,
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The paths requested so far, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>A URL on no server at all: a port that was free a moment ago, so connecting to it is refused.</summary>
    public static Uri Down()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Answers GET <paramref name="path"/> (no leading slash) with <paramref name="body"/>, as <paramref name="behavior"/> says.</summary>
    public void Add(string path, byte[] body, Behavior behavior = Behavior.Serve) => _responses[path] = new Response(body, behavior);

    /// <summary>The URL of <paramref name="path"/> on this server.</summary>
    public Uri Url(string path) => new(BaseUrl, path);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends by an exception when the listener stops; nothing to report.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string? path = await ReadRequestPathAsync(stream);
                if (path is null)
                {
                    return;
                }

                Requests.Enqueue(path);
                if (!_responses.TryGetValue(path, out Response? response))
                {
                    await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                    return;
                }

                switch (response.Behavior)
                {
                    case Behavior.Stall:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    case Behavior.Truncate:
                        await WriteAsync(stream, Headers(response.Body.Length));
                        await WriteAsync(stream, response.Body.AsSpan(0, response.Body.Length / 2).ToArray());
                        return;
                    default:
                        await WriteAsync(stream, Headers(response.Body.Length));
                        await WriteAsync(stream, response.Body);
                        return;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static byte[] Headers(int length) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n");

    private async Task WriteAsync(NetworkStream stream, byte[] bytes) => await stream.WriteAsync(bytes, _stop.Token);

    // Reads the request line and headers (up to the blank line) and returns the path without its leading slash.
    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var request = new List<byte>();
        var buffer = new byte[1024];
        while (!EndsWithBlankLine(request))
        {
            int read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0 || request.Count > 64 * 1024)
            {
                return null;
            }

            request.AddRange(buffer.AsSpan(0, read));
        }

        string firstLine = Encoding.ASCII.GetString(request.ToArray()).Split("\r\n")[0];
        string[] parts = firstLine.Split(' ');
        return parts.Length == 3 && parts[0] == "GET" ? parts[1].TrimStart('/') : null;
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    private sealed record Response(byte[] Body, Behavior Behavior);
}
