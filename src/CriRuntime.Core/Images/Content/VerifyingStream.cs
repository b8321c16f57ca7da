using System.Security.Cryptography;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Images.Content;

/// <summary>
/// Passes a blob through while hashing and counting it. More bytes than the descriptor's size, fewer at the end,
/// or another digest raise a <see cref="CriException"/> from the read that sees it: nothing unverified is ever
/// reported as complete.
/// </summary>
public sealed class VerifyingStream(Stream inner, Digest expected, long expectedSize, string what) : ObservingReadStream(inner)
{
    private readonly IncrementalHash _hash = expected.CreateHash();

    /// <summary>Bytes read so far (for progress and metrics).</summary>
    public long BytesRead => Position;

    public bool Verified { get; private set; }

    /// <summary>Reads what is left (a decompressor may stop before the end) and verifies.</summary>
    public Task DrainAndVerifyAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    protected override void Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            if (Position > expectedSize)
            {
                throw new CriException(ErrorKind.FailedPrecondition, $"{what} {expected} is larger than its declared size {expectedSize}");
            }

            _hash.AppendData(data);
            return;
        }

        if (Verified)
        {
            return;
        }

        if (Position != expectedSize)
        {
            throw new CriException(ErrorKind.Unavailable, $"{what} {expected} is truncated: got {Position} of {expectedSize} bytes");
        }

        if (!expected.Matches(_hash))
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"{what} has the wrong digest: expected {expected}, the content does not match");
        }

        Verified = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
