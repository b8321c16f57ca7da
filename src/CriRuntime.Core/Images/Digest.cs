using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace CriRuntime.Core.Images;

/// <summary>
/// A content digest, <c>algorithm:hex</c>. Only sha256 and sha512 are accepted: they are the ones the
/// OCI image spec registers, and a digest is the name of a file in the content store, so it is validated strictly.
/// </summary>
public readonly record struct Digest
{
    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    public string Algorithm { get; }

    /// <summary>The lowercase hex part.</summary>
    public string Encoded { get; }

    public bool IsEmpty => Algorithm is null;

    public static Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest : throw new FormatException($"invalid digest \"{Truncate(value)}\"");

    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest)
    {
        digest = default;
        if (value is null)
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var algorithm = value[..colon];
        var encoded = value[(colon + 1)..];
        var expectedLength = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (encoded.Length != expectedLength || !IsLowerHex(encoded))
        {
            return false;
        }

        digest = new Digest(algorithm, encoded);
        return true;
    }

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash) =>
        new("sha256", Convert.ToHexStringLower(hash));

    public static Digest Sha256Of(ReadOnlySpan<byte> content) => FromSha256Hash(SHA256.HashData(content));

    /// <summary>A new incremental hash for this digest's algorithm.</summary>
    public IncrementalHash CreateHash() => Algorithm switch
    {
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
    };

    public bool Matches(IncrementalHash finishedHash)
    {
        Span<byte> buffer = stackalloc byte[64];
        var written = finishedHash.GetHashAndReset(buffer);
        return string.Equals(Convert.ToHexStringLower(buffer[..written]), Encoded, StringComparison.Ordinal);
    }

    public override string ToString() => IsEmpty ? "" : $"{Algorithm}:{Encoded}";

    internal static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string? value) =>
        value is null ? "" : value.Length > 100 ? value[..100] + "…" : value;
}
