namespace CriRuntime.Core.Images.Content;

/// <summary>
/// A read-only, forward-only pass-through: every chunk read from the inner stream is shown to <see cref="Observe"/>
/// (hashing, counting, verifying) before the caller gets it; an empty chunk means the end of the stream.
/// </summary>
public abstract class ObservingReadStream(Stream inner) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            // A zero-length read says nothing about the end of the stream.
            return 0;
        }

        var read = inner.Read(buffer);
        _position += read;
        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken);
        _position += read;
        Observe(buffer.Span[..read]);
        return read;
    }

    /// <summary>Reads to the end: a consumer (tar reader, decompressor) may stop before the last bytes.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Sees each chunk read; an empty one marks the end of the inner stream.</summary>
    protected abstract void Observe(ReadOnlySpan<byte> data);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
