using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace CriRuntime.Streaming.Client;

/// <summary>
/// The client end of a Kubernetes channel WebSocket (<c>channel.k8s.io</c> and its versions): each message is one
/// channel's bytes, prefixed with the channel number (binary), or with <c>'0' + channel</c> and base64 (the
/// <c>base64.</c> variants, text messages). Sends are serialized (a WebSocket allows one at a time); receiving is
/// for one reader.
/// </summary>
public sealed class ChannelWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _message = new();

    private ChannelWebSocketClient(ClientWebSocket socket)
    {
        _socket = socket;
        Protocol = socket.SubProtocol ?? "";
    }

    /// <summary>The sub-protocol the server chose (empty when it chose none).</summary>
    public string Protocol { get; }

    /// <summary>
    /// Opens the WebSocket at <paramref name="url"/> (<c>http://</c> is taken as <c>ws://</c>), offering
    /// <paramref name="protocols"/> in order of preference. Throws <see cref="StreamingConnectException"/> with the
    /// server's HTTP status when the upgrade is refused.
    /// </summary>
    public static async Task<ChannelWebSocketClient> ConnectAsync(string url, IEnumerable<string> protocols, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(WebSocketUri(url), cancellationToken);
            return new ChannelWebSocketClient(socket);
        }
        catch (WebSocketException e)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw new StreamingConnectException(status, status == 0
                ? $"cannot reach the streaming server at {url}: {e.Message}"
                : $"the streaming server refused the session (HTTP {status})", e);
        }
    }

    /// <summary>Sends <paramref name="data"/> as one message on <paramref name="channel"/> (empty is allowed).</summary>
    public async Task SendAsync(int channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var base64 = ChannelProtocols.IsBase64(Protocol);
        var message = ChannelProtocols.Frame(channel, data.Span, base64);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, base64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Tells the server the client has finished sending on <paramref name="channel"/> (v5's close signal). Returns
    /// false, sending nothing, when the protocol has no close signal.
    /// </summary>
    public async Task<bool> CloseChannelAsync(int channel, CancellationToken cancellationToken)
    {
        if (!ChannelProtocols.HasCloseSignal(Protocol))
        {
            return false;
        }

        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(new[] { (byte)ChannelProtocols.CloseSignal, (byte)channel }, WebSocketMessageType.Binary, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }

        return true;
    }

    /// <summary>
    /// The next message: its channel and data. Null when the server closed the WebSocket (its close is answered) or
    /// the connection broke. Messages of no bytes at all are skipped; <see cref="InvalidDataException"/> for a base64
    /// message that is not base64.
    /// </summary>
    public async Task<(int Channel, byte[] Data)?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                _message.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseAsync(cancellationToken);
                        return null;
                    }

                    _message.Write(_buffer.AsSpan(0, result.Count));
                }
                while (!result.EndOfMessage);

                if (_message.WrittenCount == 0)
                {
                    continue;
                }

                var bytes = _message.WrittenSpan;
                return ChannelProtocols.IsBase64(Protocol) ? (bytes[0] - '0', DecodeBase64(bytes[1..])) : (bytes[0], bytes[1..].ToArray());
            }
        }
        catch (WebSocketException)
        {
        }

        return null;
    }

    /// <summary>Sends a normal close (or answers the server's); errors are ignored, the server may be gone.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> text)
    {
        try
        {
            return Convert.FromBase64String(Encoding.ASCII.GetString(text));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException("the streaming server sent a base64 channel message that is not base64", e);
        }
    }

    private static Uri WebSocketUri(string url) => new(url.StartsWith("https://", StringComparison.Ordinal) ? "wss://" + url["https://".Length..]
        : url.StartsWith("http://", StringComparison.Ordinal) ? "ws://" + url["http://".Length..]
        : url);
}
