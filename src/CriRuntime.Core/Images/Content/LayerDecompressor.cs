using System.IO.Compression;

namespace CriRuntime.Core.Images.Content;

/// <summary>
/// Turns a layer blob into its tar stream while it streams. The format is told by the first bytes
/// (gzip 1f 8b, zstd 28 b5 2f fd, anything else is plain tar), not by the media type, which registries get wrong.
/// </summary>
public static class LayerDecompressor
{
    public static async Task<Stream> OpenAsync(Stream blob, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var filled = 0;
        while (filled < head.Length)
        {
            var read = await blob.ReadAsync(head.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        var prefixed = new PrefixedStream(head.AsMemory(0, filled), blob);
        if (filled >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: false);
        }

        if (filled >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
        {
            return new ZstdSharp.DecompressionStream(prefixed, leaveOpen: false);
        }

        return prefixed;
    }

    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

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
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
                return n;
            }

            return inner.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer.Span);
                _prefix = _prefix[n..];
                return ValueTask.FromResult(n);
            }

            return inner.ReadAsync(buffer, cancellationToken);
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
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
