using CriRuntime.Admin.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CriRuntime.Server.Admin;

/// <summary>A write-only stream that sends what is written as <see cref="ExportChunk"/> messages of up to 1 MiB.</summary>
internal sealed class ExportChunkStream(IServerStreamWriter<ExportChunk> chunks, CancellationToken callAborted) : Stream
{
    private const int ChunkSize = 1 << 20;
    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _filled;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var count = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..count].CopyTo(_buffer.AsMemory(_filled));
            _filled += count;
            buffer = buffer[count..];
            if (_filled == ChunkSize)
            {
                await FlushAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The tar writer is driven asynchronously; a synchronous write would block a thread on the network.
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Sends what is buffered.</summary>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await chunks.WriteAsync(new ExportChunk { Data = ByteString.CopyFrom(_buffer, 0, _filled) }, cancellationToken);
            _filled = 0;
        }
    }

    public override void Flush() => FlushAsync(callAborted).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
