using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace CriRuntime.Server.Streaming.Spdy;

/// <summary>
/// The server side of a SPDY/3.1 session over an upgraded HTTP/1.1 connection (SPDY Protocol draft 3 and 3.1 framing;
/// the Kubernetes streaming protocols only open streams from the client). <see cref="RunAsync"/> reads frames:
/// SYN_STREAM opens a stream (answered at once with SYN_REPLY and offered on <see cref="Accepted"/>), DATA goes to
/// the stream's bounded input (a full buffer stops the reading, so TCP pushes back), WINDOW_UPDATE is sent for what
/// the server consumed, PING is answered, RST_STREAM/GOAWAY/FIN end input. Send windows are not enforced: Go's
/// spdystream (kubelet, client-go, crictl) never sends WINDOW_UPDATE, and TCP already bounds what is in flight.
/// </summary>
internal sealed class SpdyConnection : IAsyncDisposable
{
    private const int DataChunk = 32 * 1024;

    private readonly Stream _transport;
    private readonly StreamLimits _limits;
    private readonly SpdyHeaderCodec _codec;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, SpdyStream> _streams = new();
    private readonly Channel<SpdyStream> _accepted;
    private readonly byte[] _header = new byte[8];
    private int _lastStreamId;
    private int _streamCount;
    private long _lastActivity = Environment.TickCount64;
    private long _bytesIn;
    private long _bytesOut;
    private int _goneAway;

    public SpdyConnection(Stream transport, StreamLimits limits)
    {
        _transport = transport;
        _limits = limits;
        _codec = new SpdyHeaderCodec(limits.MaxHeaderBlockBytes);
        _accepted = Channel.CreateBounded<SpdyStream>(new BoundedChannelOptions(limits.MaxStreams) { SingleWriter = true });
    }

    /// <summary>Streams the client opened, in order; completes when the session's reading ends.</summary>
    public ChannelReader<SpdyStream> Accepted => _accepted.Reader;

    /// <summary><see cref="Environment.TickCount64"/> of the last frame read or written.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>DATA payload bytes received.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>DATA payload bytes sent.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>
    /// Reads frames until the client closes the connection or sends GOAWAY (returns), or breaks the protocol or a
    /// limit (throws <see cref="SpdyProtocolException"/> after sending GOAWAY). Every stream's input ends either way.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ReadFrameAsync(cancellationToken))
            {
            }
        }
        catch (SpdyProtocolException)
        {
            await GoAwayAsync(SpdyFrameType.GoAwayProtocolError);
            throw;
        }
        finally
        {
            _accepted.Writer.TryComplete();
            foreach (var stream in _streams.Values)
            {
                await stream.InputWriter.CompleteAsync();
            }
        }
    }

    /// <summary>Sends DATA on a stream, split into frames of at most 32 KiB; an empty FIN frame when asked.</summary>
    public async ValueTask SendDataAsync(int streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        do
        {
            var chunk = data[..Math.Min(DataChunk, data.Length)];
            data = data[chunk.Length..];
            var flags = fin && data.IsEmpty ? SpdyFrameType.FlagFin : (byte)0;
            var frame = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(frame, streamId & 0x7fffffff);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), (flags << 24) | chunk.Length);
            await WriteAsync(frame, chunk, cancellationToken);
            Interlocked.Add(ref _bytesOut, chunk.Length);
        }
        while (!data.IsEmpty);
    }

    /// <summary>RST_STREAM with a status code.</summary>
    public ValueTask ResetAsync(int streamId, int status, CancellationToken cancellationToken)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(payload, streamId & 0x7fffffff);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), status);
        return WriteControlAsync(SpdyFrameType.RstStream, 0, payload, cancellationToken);
    }

    /// <summary>GOAWAY (once), naming the last stream the server accepted; errors writing it are ignored.</summary>
    public async Task GoAwayAsync(int status)
    {
        if (Interlocked.Exchange(ref _goneAway, 1) != 0)
        {
            return;
        }

        var payload = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(payload, Volatile.Read(ref _lastStreamId));
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), status);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await WriteControlAsync(SpdyFrameType.GoAway, 0, payload, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await GoAwayAsync(SpdyFrameType.GoAwayOk);
        await _transport.DisposeAsync();
        _writeLock.Dispose();
    }

    private async Task<bool> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (!await ReadFullyAsync(_header, cancellationToken))
        {
            return false;
        }

        Touch();
        var first = BinaryPrimitives.ReadUInt32BigEndian(_header);
        var flags = _header[4];
        var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4)) & 0xffffff);
        if (length > _limits.MaxFrameBytes)
        {
            throw new SpdyProtocolException($"a frame of {length} bytes exceeds the limit of {_limits.MaxFrameBytes}", SpdyRefusal.FrameTooLarge);
        }

        var payload = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            if (!await ReadFullyAsync(payload.AsMemory(0, length), cancellationToken))
            {
                return false;
            }

            var body = payload.AsMemory(0, length);
            if ((first & 0x80000000) == 0)
            {
                await OnDataAsync((int)(first & 0x7fffffff), flags, body, cancellationToken);
                return true;
            }

            var version = (first >> 16) & 0x7fff;
            if (version != SpdyFrameType.Version)
            {
                throw new SpdyProtocolException($"SPDY version {version} is not supported", SpdyRefusal.ProtocolError);
            }

            return await OnControlAsync((ushort)(first & 0xffff), flags, body, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private async Task<bool> OnControlAsync(ushort type, byte flags, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case SpdyFrameType.SynStream:
                await OnSynStreamAsync(flags, body, cancellationToken);
                return true;
            case SpdyFrameType.RstStream:
                Require(body, 8);
                await EndInputAsync(StreamId(body.Span));
                return true;
            case SpdyFrameType.Ping:
                Require(body, 4);
                // Client pings have odd ids; the server sends none, so an even id is ignored.
                if ((BinaryPrimitives.ReadUInt32BigEndian(body.Span) & 1) == 1)
                {
                    await WriteControlAsync(SpdyFrameType.Ping, 0, body.ToArray(), cancellationToken);
                }

                return true;
            case SpdyFrameType.GoAway:
                return false;
            case SpdyFrameType.Headers:
                Require(body, 4);
                // Decoded only to keep the zlib stream in step; the Kubernetes protocols send none.
                _codec.Decode(body.Span[4..]);
                return true;
            default:
                // SETTINGS and WINDOW_UPDATE (windows are not enforced, see above), and types a server must ignore.
                return true;
        }
    }

    private async Task OnSynStreamAsync(byte flags, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        Require(body, 10);
        var id = StreamId(body.Span);
        var headers = _codec.Decode(body.Span[10..]);
        if (id == 0 || (id & 1) == 0 || id <= Volatile.Read(ref _lastStreamId))
        {
            throw new SpdyProtocolException($"stream id {id} is not a new odd id", SpdyRefusal.ProtocolError);
        }

        Volatile.Write(ref _lastStreamId, id);
        if (++_streamCount > _limits.MaxStreams)
        {
            throw new SpdyProtocolException($"more than {_limits.MaxStreams} streams in one session", SpdyRefusal.TooManyStreams);
        }

        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: _limits.StreamBufferBytes,
            resumeWriterThreshold: _limits.StreamBufferBytes / 2,
            useSynchronizationContext: false));
        var stream = new SpdyStream(this, id, headers, pipe);
        _streams[id] = stream;
        var reply = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(reply, id);
        await WriteControlAsync(SpdyFrameType.SynReply, 0, (byte[])[.. reply, .. _codec.Encode([])], cancellationToken);
        if ((flags & SpdyFrameType.FlagFin) != 0)
        {
            await EndInputAsync(id);
        }

        await _accepted.Writer.WriteAsync(stream, cancellationToken);
    }

    private async Task OnDataAsync(int streamId, byte flags, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(streamId, out var stream) || stream.RemoteClosed)
        {
            await ResetAsync(streamId, SpdyFrameType.InvalidStream, cancellationToken);
            return;
        }

        if (!body.IsEmpty)
        {
            Interlocked.Add(ref _bytesIn, body.Length);
            // Waits while the stream's buffer is full: the session stops reading until the consumer catches up.
            var result = await stream.InputWriter.WriteAsync(body, cancellationToken);
            if (!result.IsCompleted)
            {
                var update = new byte[8];
                BinaryPrimitives.WriteInt32BigEndian(update, streamId);
                BinaryPrimitives.WriteInt32BigEndian(update.AsSpan(4), body.Length);
                await WriteControlAsync(SpdyFrameType.WindowUpdate, 0, update, cancellationToken);
            }
        }

        if ((flags & SpdyFrameType.FlagFin) != 0)
        {
            await EndInputAsync(streamId);
        }
    }

    private async ValueTask EndInputAsync(int streamId)
    {
        if (_streams.TryGetValue(streamId, out var stream) && !stream.RemoteClosed)
        {
            stream.RemoteClosed = true;
            await stream.InputWriter.CompleteAsync();
        }
    }

    private ValueTask WriteControlAsync(ushort type, byte flags, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x80000000u | ((uint)SpdyFrameType.Version << 16) | type);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), (flags << 24) | payload.Length);
        return WriteAsync(header, payload, cancellationToken);
    }

    private async ValueTask WriteAsync(byte[] header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _transport.WriteAsync(header, cancellationToken);
            if (!payload.IsEmpty)
            {
                await _transport.WriteAsync(payload, cancellationToken);
            }

            await _transport.FlushAsync(cancellationToken);
            Touch();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<bool> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _transport.ReadAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    private static int StreamId(ReadOnlySpan<byte> body) => (int)(BinaryPrimitives.ReadUInt32BigEndian(body) & 0x7fffffff);

    private static void Require(ReadOnlyMemory<byte> body, int length)
    {
        if (body.Length < length)
        {
            throw new SpdyProtocolException($"a control frame is {body.Length} bytes, shorter than {length}", SpdyRefusal.ProtocolError);
        }
    }
}
