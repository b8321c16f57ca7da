using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;

namespace CriRuntime.TestSupport.Streaming;

/// <summary>
/// A small SPDY/3.1 client for tests (the client side of the Kubernetes streaming protocols): the HTTP/1.1 upgrade,
/// client-opened streams with zlib-compressed header blocks (sync-flushed, no preset dictionary: the zlib header says
/// so), DATA with FIN, and a reader that collects each stream's data until its FIN. Server header blocks are not
/// decoded (nothing the tests need is in them).
/// </summary>
public sealed class SpdyClientSession : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _deflate;
    private readonly ConcurrentDictionary<int, (MemoryStream Data, TaskCompletionSource Finished)> _streams = new();
    private int _nextId = 1;

    private SpdyClientSession(TcpClient tcp, Stream stream, string protocol)
    {
        _tcp = tcp;
        _stream = stream;
        _deflate = new ZLibStream(_compressed, CompressionLevel.Optimal, leaveOpen: true);
        Protocol = protocol;
        Reading = Task.Run(ReadLoopAsync);
    }

    /// <summary>The sub-protocol the server chose.</summary>
    public string Protocol { get; }

    /// <summary>Completes when the server closes the connection or sends GOAWAY.</summary>
    public Task Reading { get; }

    /// <summary>
    /// Upgrades <paramref name="url"/> to SPDY/3.1 offering <paramref name="protocols"/>. Returns the HTTP status; the
    /// session only when it is 101, with the response body otherwise.
    /// </summary>
    public static async Task<(int Status, string Body, SpdyClientSession? Session)> ConnectAsync(Uri url, params string[] protocols)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host.Trim('[', ']'), url.Port);
        var stream = tcp.GetStream();
        var request = new StringBuilder($"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n");
        foreach (var protocol in protocols)
        {
            request.Append("X-Stream-Protocol-Version: ").Append(protocol).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        var head = await ReadHeadAsync(stream);
        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        if (status != 101)
        {
            using var body = new MemoryStream();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await stream.CopyToAsync(body, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
            }

            tcp.Dispose();
            return (status, Encoding.UTF8.GetString(body.ToArray()), null);
        }

        var chosen = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("X-Stream-Protocol-Version:", StringComparison.OrdinalIgnoreCase))?.Split(':', 2)[1].Trim() ?? "";
        return (status, "", new SpdyClientSession(tcp, stream, chosen));
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="url"/> offering <c>SPDY/3.1+</c><paramref name="protocol"/> and runs the
    /// SPDY session over its binary messages, as client-go's tunnelling dialer does for port-forward (KEP 4006). The
    /// handshake is written by hand: .NET's client refuses the '/' in that sub-protocol. Returns the HTTP status; the
    /// session only when it is 101 and the server chose that sub-protocol, the response head otherwise.
    /// </summary>
    public static async Task<(int Status, string Body, SpdyClientSession? Session)> ConnectWebSocketTunnelAsync(Uri url, string protocol)
    {
        var tunnel = "SPDY/3.1+" + protocol;
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host.Trim('[', ']'), url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: {tunnel}\r\n\r\n"));
        var head = await ReadHeadAsync(stream);
        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var lines = head.Split("\r\n");
        if (status != 101
            || !lines.Contains("Sec-WebSocket-Protocol: " + tunnel, StringComparer.OrdinalIgnoreCase)
            || !lines.Contains("Sec-WebSocket-Accept: " + accept, StringComparer.OrdinalIgnoreCase))
        {
            tcp.Dispose();
            return (status, head, null);
        }

        var socket = System.Net.WebSockets.WebSocket.CreateFromStream(stream, new System.Net.WebSockets.WebSocketCreationOptions { IsServer = false });
        var messages = System.Net.WebSockets.WebSocketStream.Create(socket, System.Net.WebSockets.WebSocketMessageType.Binary, TimeSpan.FromSeconds(2));
        return (status, "", new SpdyClientSession(tcp, messages, protocol));
    }

    /// <summary>Opens a stream (SYN_STREAM) with these headers; returns its id.</summary>
    public async Task<int> OpenAsync(params (string Name, string Value)[] headers)
    {
        var id = Interlocked.Add(ref _nextId, 2) - 2;
        _streams[id] = (new MemoryStream(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var plain = new MemoryStream();
        WriteWord(plain, headers.Length);
        foreach (var (name, value) in headers)
        {
            WriteString(plain, name.ToLowerInvariant());
            WriteString(plain, value);
        }

        await _writeLock.WaitAsync();
        try
        {
            _compressed.SetLength(0);
            _deflate.Write(plain.ToArray());
            _deflate.Flush();
            var payload = new MemoryStream();
            WriteWord(payload, id);
            WriteWord(payload, 0);
            payload.Write([0, 0]);
            payload.Write(_compressed.ToArray());
            await WriteFrameAsync(0x80030001u, 0, payload.ToArray());
        }
        finally
        {
            _writeLock.Release();
        }

        return id;
    }

    /// <summary>DATA on a stream, with FIN when <paramref name="fin"/>.</summary>
    public async Task SendAsync(int id, byte[] data, bool fin)
    {
        await _writeLock.WaitAsync();
        try
        {
            await WriteFrameAsync((uint)id, fin ? (byte)1 : (byte)0, data);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Everything received on a stream so far.</summary>
    public byte[] Received(int id)
    {
        var data = _streams[id].Data;
        lock (data)
        {
            return data.ToArray();
        }
    }

    /// <summary>Completes at the stream's FIN or RST_STREAM, or when the session ends.</summary>
    public Task Finished(int id) => _streams[id].Finished.Task;

    public async ValueTask DisposeAsync()
    {
        if (_stream is not NetworkStream)
        {
            // A WebSocket tunnel closes with a close message first.
            try
            {
                await _stream.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
            {
            }
        }

        _tcp.Dispose();
        try
        {
            await Reading;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or System.Net.WebSockets.WebSocketException)
        {
        }

        await _deflate.DisposeAsync();
        _writeLock.Dispose();
    }

    private async Task WriteFrameAsync(uint first, byte flags, byte[] payload)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, first);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), (flags << 24) | payload.Length);
        await _stream.WriteAsync(header);
        await _stream.WriteAsync(payload);
    }

    private async Task ReadLoopAsync()
    {
        var header = new byte[8];
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(header);
                var first = BinaryPrimitives.ReadUInt32BigEndian(header);
                var flags = header[4];
                var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)) & 0xffffff];
                await _stream.ReadExactlyAsync(payload);
                if ((first & 0x80000000) == 0)
                {
                    if (_streams.TryGetValue((int)first, out var s))
                    {
                        lock (s.Data)
                        {
                            s.Data.Write(payload);
                        }

                        if ((flags & 1) != 0)
                        {
                            s.Finished.TrySetResult();
                        }
                    }

                    continue;
                }

                var type = first & 0xffff;
                if (type == 7)
                {
                    break;
                }

                if (type == 3 && _streams.TryGetValue(BinaryPrimitives.ReadInt32BigEndian(payload) & 0x7fffffff, out var reset))
                {
                    reset.Finished.TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            foreach (var s in _streams.Values)
            {
                s.Finished.TrySetResult();
            }
        }
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("the server closed the connection during the upgrade");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static void WriteWord(Stream to, int value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, value);
        to.Write(word);
    }

    private static void WriteString(Stream to, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteWord(to, bytes.Length);
        to.Write(bytes);
    }
}
