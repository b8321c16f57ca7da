using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace CriRuntime.Server.Streaming.WebSockets;

/// <summary>
/// The Kubernetes channel protocol over a WebSocket (<c>channel.k8s.io</c> and its versions): every message starts
/// with its channel number (one byte; with <c>base64.</c> variants a text message starting with the digit, the
/// rest base64). <c>v5.channel.k8s.io</c> adds a close signal: a message on channel 255 whose second byte names
/// the channel the client finished sending on. Messages a client sends on its input channels go to bounded pipes
/// (a full pipe stops the reading: back-pressure); sends are serialized (a WebSocket allows one at a time).
/// </summary>
internal sealed class ChannelWebSocket
{
    private const byte CloseChannel = 255;

    private readonly WebSocket _socket;
    private readonly bool _base64;
    private readonly bool _streamClose;
    private readonly StreamLimits _limits;
    private readonly Dictionary<int, Pipe> _inputs = [];
    private readonly HashSet<int> _closedInputs = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _lastActivity = Environment.TickCount64;
    private long _bytesIn;
    private long _bytesOut;

    public ChannelWebSocket(WebSocket socket, string protocol, IEnumerable<int> inputChannels, StreamLimits limits)
    {
        _socket = socket;
        _base64 = protocol.Contains("base64.", StringComparison.Ordinal);
        _streamClose = protocol.StartsWith("v5.", StringComparison.Ordinal);
        _limits = limits;
        foreach (var channel in inputChannels)
        {
            _inputs[channel] = new Pipe(new PipeOptions(
                pauseWriterThreshold: limits.StreamBufferBytes,
                resumeWriterThreshold: limits.StreamBufferBytes / 2,
                useSynchronizationContext: false));
        }
    }

    public long LastActivity => Interlocked.Read(ref _lastActivity);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>What the client sends on an input channel; ends at its v5 close signal or the end of the session.</summary>
    public Stream Input(int channel) => _inputs[channel].Reader.AsStream();

    /// <summary>A stream whose writes become messages on <paramref name="channel"/>.</summary>
    public Stream Output(int channel) => new CallbackWriteStream((data, ct) => SendAsync(channel, data, ct));

    /// <summary>Sends one message on a channel (an empty one is a valid "channel open" signal).</summary>
    public async ValueTask SendAsync(int channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var message = CriRuntime.Streaming.Client.ChannelProtocols.Frame(channel, data.Span, _base64);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, _base64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancellationToken);
            Interlocked.Add(ref _bytesOut, data.Length);
            Touch();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Receives messages until the client closes (returns) or breaks the protocol or a limit (throws
    /// <see cref="WebSocketException"/>); every input ends either way.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new ArrayBufferWriter<byte>();
        try
        {
            // After the server's close the client's close frame still has to be read, or the connection is reset.
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                message.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    if (message.WrittenCount + result.Count > _limits.MaxFrameBytes)
                    {
                        throw new WebSocketException(WebSocketError.Faulted, $"a message exceeds {_limits.MaxFrameBytes} bytes");
                    }

                    message.Write(buffer.AsSpan(0, result.Count));
                }
                while (!result.EndOfMessage);

                Touch();
                await DispatchAsync(message.WrittenMemory, cancellationToken);
            }
        }
        finally
        {
            foreach (var pipe in _inputs.Values)
            {
                await pipe.Writer.CompleteAsync();
            }
        }
    }

    /// <summary>
    /// Closes the WebSocket normally and gives the client <paramref name="reading"/> (the <see cref="RunAsync"/> task)
    /// a moment to answer: cancelling a receive aborts the connection, which would reset what is still unread.
    /// Errors are ignored: the client may be gone.
    /// </summary>
    public async Task CloseAsync(Task reading)
    {
        await CloseOutputAsync();
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    private async Task CloseOutputAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
    }

    private async Task DispatchAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.IsEmpty)
        {
            return;
        }

        int channel = message.Span[0];
        var data = message[1..];
        if (_streamClose && channel == CloseChannel)
        {
            if (data.Length != 1)
            {
                throw new WebSocketException(WebSocketError.Faulted, "a close signal names exactly one channel");
            }

            if (_inputs.TryGetValue(data.Span[0], out var closed) && _closedInputs.Add(data.Span[0]))
            {
                await closed.Writer.CompleteAsync();
            }

            return;
        }

        if (_base64)
        {
            channel -= '0';
            data = DecodeBase64(data.Span);
        }

        // Messages on channels the client may not write to are dropped, as the Kubernetes server does.
        if (!_inputs.TryGetValue(channel, out var pipe) || data.IsEmpty || _closedInputs.Contains(channel))
        {
            return;
        }

        Interlocked.Add(ref _bytesIn, data.Length);
        await pipe.Writer.WriteAsync(data, cancellationToken);
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> text)
    {
        try
        {
            return Convert.FromBase64String(Encoding.ASCII.GetString(text));
        }
        catch (FormatException)
        {
            throw new WebSocketException(WebSocketError.Faulted, "a base64 channel message is not valid base64");
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);
}
