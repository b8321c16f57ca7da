using System.IO.Pipelines;

namespace CriRuntime.Server.Streaming.Spdy;

/// <summary>
/// One client-opened SPDY stream: its SYN_STREAM headers, what the client sends (<see cref="Input"/>, ending at its
/// FIN or RST_STREAM) and what the server sends (<see cref="Output"/>, DATA frames; <see cref="CloseAsync"/> sends FIN).
/// </summary>
internal sealed class SpdyStream
{
    private readonly SpdyConnection _connection;
    private readonly IReadOnlyDictionary<string, List<string>> _headers;
    private int _closed;

    internal SpdyStream(SpdyConnection connection, int id, IReadOnlyDictionary<string, List<string>> headers, Pipe input)
    {
        _connection = connection;
        Id = id;
        _headers = headers;
        InputWriter = input.Writer;
        Input = input.Reader.AsStream();
        Output = new CallbackWriteStream(WriteAsync);
    }

    public int Id { get; }

    /// <summary>The client's data; reads end at its FIN, a reset or the end of the session.</summary>
    public Stream Input { get; }

    /// <summary>Writes become DATA frames on this stream.</summary>
    public Stream Output { get; }

    internal PipeWriter InputWriter { get; }

    /// <summary>The client's FIN or RST_STREAM arrived (its input writer is completed).</summary>
    internal bool RemoteClosed { get; set; }

    /// <summary>The first value of a SYN_STREAM header (names are lower case), or null.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Volatile.Read(ref _closed) != 0
            ? throw new IOException($"stream {Id} is closed")
            : _connection.SendDataAsync(Id, data, fin: false, cancellationToken);

    /// <summary>Sends FIN (once): the server's half of the stream is done.</summary>
    public ValueTask CloseAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _closed, 1) == 0
            ? _connection.SendDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken)
            : ValueTask.CompletedTask;
}
