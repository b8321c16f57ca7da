using System;
using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// The .dockerignore that goes with a Dockerfile, as BuildKit picks it: <c>&lt;Dockerfile&gt;.dockerignore</c> beside
/// it, else <c>.dockerignore</c> in its directory (taken as the build context, the common case).
/// </summary>
internal sealed class DockerIgnoreFiles
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);

    public DockerIgnoreFiles(IEnumerable<(string Path, string Text)> files)
    {
        foreach (var (path, text) in files)
        {
            if (IsDockerIgnore(path))
            {
                _byPath[Normalize(path)] = text;
            }
        }
    }

    public static bool IsDockerIgnore(string path) => path.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text of the Dockerfile's .dockerignore, or null when there is none.</summary>
    public string? For(string dockerfilePath)
    {
        var path = Normalize(dockerfilePath);
        if (_byPath.TryGetValue(path + ".dockerignore", out var own))
        {
            return own;
        }

        var slash = path.LastIndexOf('/');
        return _byPath.TryGetValue(path.Substring(0, slash + 1) + ".dockerignore", out var context) ? context : null;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');
}
