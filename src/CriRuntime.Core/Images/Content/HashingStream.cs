using System.Security.Cryptography;

namespace CriRuntime.Core.Images.Content;

/// <summary>Passes data through and hashes it with sha256 (the diff id of an uncompressed layer).</summary>
public sealed class HashingStream(Stream inner) : ObservingReadStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead => Position;

    public Digest GetDigest() => Digest.FromSha256Hash(_hash.GetCurrentHash());

    protected override void Observe(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
