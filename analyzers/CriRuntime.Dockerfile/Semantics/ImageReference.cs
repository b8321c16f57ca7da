namespace CriRuntime.Dockerfile.Semantics;

/// <summary>An image reference split into registry, repository path, tag and digest (no normalisation beyond Docker Hub's defaults).</summary>
internal sealed class ImageReference
{
    private ImageReference(string registry, string path, string? tag, string? digest, bool isValid)
    {
        Registry = registry;
        Path = path;
        Tag = tag;
        Digest = digest;
        IsValid = isValid;
    }

    /// <summary>Registry host, or empty for Docker Hub written without one.</summary>
    public string Registry { get; }

    public string Path { get; }

    public string? Tag { get; }

    public string? Digest { get; }

    public bool IsValid { get; }

    public string Name
    {
        get
        {
            var slash = Path.LastIndexOf('/');
            return slash < 0 ? Path : Path.Substring(slash + 1);
        }
    }

    public bool IsDockerHub => Registry.Length == 0 || Registry == "docker.io" || Registry == "index.docker.io" || Registry == "registry-1.docker.io";

    /// <summary>Docker Official Image: Docker Hub's <c>library/</c> namespace.</summary>
    public bool IsOfficial => IsDockerHub && (Path.IndexOf('/') < 0 || Path.StartsWith("library/", System.StringComparison.Ordinal));

    public string EffectiveRegistry => Registry.Length == 0 ? "docker.io" : Registry;

    public static ImageReference Parse(string text)
    {
        var s = text;
        string? digest = null;
        var at = s.IndexOf('@');
        if (at >= 0)
        {
            digest = s.Substring(at + 1);
            s = s.Substring(0, at);
        }

        string? tag = null;
        var colon = s.LastIndexOf(':');
        var lastSlash = s.LastIndexOf('/');
        if (colon > lastSlash)
        {
            tag = s.Substring(colon + 1);
            s = s.Substring(0, colon);
        }

        var registry = string.Empty;
        var firstSlash = s.IndexOf('/');
        if (firstSlash > 0)
        {
            var first = s.Substring(0, firstSlash);
            if (first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost")
            {
                registry = first;
                s = s.Substring(firstSlash + 1);
            }
        }

        var valid = IsValidPath(s) && (tag is null || IsValidTag(tag)) && (digest is null || IsValidDigest(digest)) && IsValidRegistry(registry);
        return new ImageReference(registry, s, tag, digest, valid);
    }

    private static bool IsValidRegistry(string registry)
    {
        foreach (var c in registry)
        {
            if (!(char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidPath(string path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        var prev = '/';
        foreach (var c in path)
        {
            var alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (alnum)
            {
                prev = c;
                continue;
            }

            if (c == '/' || c == '.' || c == '_' || c == '-')
            {
                // A separator may not start a component (the pattern allows '__' and repeated '-').
                if (prev == '/' || (prev == '.' && c != '_' && c != '-'))
                {
                    return false;
                }

                prev = c;
                continue;
            }

            return false;
        }

        return prev != '/' && prev != '.' && prev != '_' && prev != '-';
    }

    private static bool IsValidTag(string tag)
    {
        if (tag.Length == 0 || tag.Length > 128 || tag[0] == '.' || tag[0] == '-')
        {
            return false;
        }

        foreach (var c in tag)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '-') || c > 127)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDigest(string digest)
    {
        var colon = digest.IndexOf(':');
        if (colon <= 0 || digest.Length - colon - 1 < 32)
        {
            return false;
        }

        for (var i = colon + 1; i < digest.Length; i++)
        {
            var c = digest[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }
}
