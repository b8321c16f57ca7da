using System.Text.RegularExpressions;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// How to reach one registry host, from <c>&lt;config dir&gt;/&lt;host&gt;.toml</c> (see docs/registries.md).
/// A host without a file uses its defaults: HTTPS with the system CAs, plain HTTP for loopback hosts,
/// and registry-1.docker.io for docker.io.
/// </summary>
public sealed record RegistryHostConfig
{
    public required string Host { get; init; }

    /// <summary>The upstream endpoint (scheme, host, port and optional path prefix before <c>/v2/</c>).</summary>
    public required Uri Server { get; init; }

    /// <summary>Plain HTTP (an <c>http://</c> server) is allowed only when this is true.</summary>
    public bool Insecure { get; init; }

    public string? CaFile { get; init; }

    public bool SkipVerify { get; init; }

    /// <summary>Tried in order before the upstream.</summary>
    public IReadOnlyList<RegistryEndpointConfig> Mirrors { get; init; } = [];

    /// <summary>The endpoints to try, mirrors first, the upstream last.</summary>
    public IReadOnlyList<RegistryEndpointConfig> Endpoints =>
        [.. Mirrors, new RegistryEndpointConfig { Url = Server, Insecure = Insecure, CaFile = CaFile, SkipVerify = SkipVerify, IsMirror = false }];
}

public sealed record RegistryEndpointConfig
{
    public required Uri Url { get; init; }

    public bool Insecure { get; init; }

    public string? CaFile { get; init; }

    public bool SkipVerify { get; init; }

    public bool IsMirror { get; init; } = true;

    /// <summary>Applied in order to the repository path; the first that matches wins.</summary>
    public IReadOnlyList<PathRewrite> Rewrites { get; init; } = [];

    public string RewritePath(string repositoryPath)
    {
        foreach (var rewrite in Rewrites)
        {
            if (rewrite.TryApply(repositoryPath, out var rewritten))
            {
                return rewritten;
            }
        }

        return repositoryPath;
    }
}

/// <summary>A regular expression over the repository path and its replacement (<c>$1</c> for groups).</summary>
public sealed record PathRewrite
{
    public PathRewrite(string pattern, string replacement)
    {
        Pattern = pattern;
        Replacement = replacement;
        Regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    public string Pattern { get; }

    public string Replacement { get; }

    private Regex Regex { get; }

    public bool TryApply(string path, out string rewritten)
    {
        rewritten = path;
        if (!Regex.IsMatch(path))
        {
            return false;
        }

        rewritten = Regex.Replace(path, Replacement, 1);
        return true;
    }
}
