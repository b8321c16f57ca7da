using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CriRuntime.Core.Images;

/// <summary>
/// A normalised image reference, as Docker normalises them: <c>busybox</c> is <c>docker.io/library/busybox:latest</c>,
/// <c>index.docker.io</c> is <c>docker.io</c>, a reference with a digest and no tag stays without a tag.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    private const int MaxNameLength = 255;

    private ImageReference(string domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host, with its port if any: <c>docker.io</c>, <c>127.0.0.1:5000</c>.</summary>
    public string Domain { get; }

    /// <summary>Repository path inside the registry: <c>library/busybox</c>.</summary>
    public string Path { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary><c>docker.io/library/busybox</c>.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>What the registry is asked for: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    /// <summary>The repo tag this reference names, or null when it pins a digest (Docker ignores the tag then).</summary>
    public string? RepoTag => Digest is null && Tag is not null ? $"{Repository}:{Tag}" : null;

    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out var error)
            ? reference
            : throw new FormatException(error);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out ImageReference? reference,
        [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "image reference is empty";
            return false;
        }

        if (value.Length > 1024)
        {
            error = "image reference is too long";
            return false;
        }

        var shown = value;
        Digest? digest = null;
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = value[(at + 1)..];
            if (!Images.Digest.TryParse(digestText, out var parsed))
            {
                error = $"invalid digest in image reference \"{shown}\"";
                return false;
            }

            digest = parsed;
            value = value[..at];
        }

        string? tag = null;
        var lastColon = value.LastIndexOf(':');
        var lastSlash = value.LastIndexOf('/');
        if (lastColon > lastSlash)
        {
            tag = value[(lastColon + 1)..];
            value = value[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"invalid tag in image reference \"{shown}\"";
                return false;
            }
        }

        string domain;
        string path;
        var firstSlash = value.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? value : value[..firstSlash];
        if (firstSlash < 0 || (first.IndexOfAny(['.', ':']) < 0 && first != "localhost" && first == first.ToLowerInvariant()))
        {
            domain = DockerHub;
            path = value;
        }
        else
        {
            domain = first;
            path = value[(firstSlash + 1)..];
            if (!DomainPattern().IsMatch(domain))
            {
                error = $"invalid registry host in image reference \"{shown}\"";
                return false;
            }
        }

        if (domain is "index.docker.io" or "registry-1.docker.io")
        {
            domain = DockerHub;
        }

        if (path.Length == 0 || !PathPattern().IsMatch(path))
        {
            error = path.Any(char.IsUpper)
                ? $"repository name must be lowercase in image reference \"{shown}\""
                : $"invalid repository name in image reference \"{shown}\"";
            return false;
        }

        if (domain == DockerHub && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }

        if (domain.Length + 1 + path.Length > MaxNameLength)
        {
            error = $"repository name is longer than {MaxNameLength} characters in \"{shown}\"";
            return false;
        }

        if (digest is null && tag is null)
        {
            tag = "latest";
        }

        reference = new ImageReference(domain, path, tag, digest);
        error = null;
        return true;
    }

    /// <summary>Whether a string looks like an image id rather than a name (64 hex digits, with or without sha256:).</summary>
    public static bool LooksLikeId(string value) =>
        (value.StartsWith("sha256:", StringComparison.Ordinal) && value.Length == 71 && Images.Digest.IsLowerHex(value.AsSpan(7)))
        || (value.Length == 64 && Images.Digest.IsLowerHex(value));

    public ImageReference WithDigest(Digest digest) => new(Domain, Path, null, digest);

    public override string ToString()
    {
        var text = Repository;
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        if (Digest is { } digest)
        {
            text += "@" + digest;
        }

        return text;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}
