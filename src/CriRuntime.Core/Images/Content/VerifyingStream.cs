using System.Security.Cryptography;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Images.Content;

/// <summary>
/// Passes a blob through while hashing and counting it. More bytes than the descriptor's size, fewer at the end,
/// or another digest raise a <see cref="CriException"/> from the read that sees it: nothing unverified is ever
/// reported as complete.
/// </summary>
public sealed class VerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long _expectedSize;
    private readonly string _what;
    private readonly IncrementalHash _hash;
    private long _count;
    private bool _verified;

    public VerifyingStream(Stream inner, Digest expected, long expectedSize, string what)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _what = what;
        _hash = expected.CreateHash();
    }

    /// <summary>Bytes read so far (for progress and metrics).</summary>
    public long BytesRead => _count;

    public bool Verified => _verified;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _count;
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

        var read = _inner.Read(buffer);
        return Account(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..read]);
    }

    /// <summary>Reads what is left (a decompressor may stop before the end) and verifies.</summary>
    public async Task DrainAndVerifyAsync(CancellationToken cancellationToken)
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            if (!_verified)
            {
                if (_count != _expectedSize)
                {
                    throw new CriException(ErrorKind.Unavailable, $"{_what} {_expected} is truncated: got {_count} of {_expectedSize} bytes");
                }

                if (!_expected.Matches(_hash))
                {
                    throw new CriException(ErrorKind.FailedPrecondition, $"{_what} has the wrong digest: expected {_expected}, the content does not match");
                }

                _verified = true;
            }

            return 0;
        }

        _count += data.Length;
        if (_count > _expectedSize)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"{_what} {_expected} is larger than its declared size {_expectedSize}");
        }

        _hash.AppendData(data);
        return data.Length;
    }
}
