using System;
using System.Collections.Generic;
using System.Linq;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// The <c>.hadolint.yaml</c> files a project passes as AdditionalFiles. A Dockerfile gets every one found in its
/// own directory or above, applied farthest first so that nearer files override (monorepo inheritance).
/// </summary>
internal sealed class LintConfigFiles
{
    private readonly List<(string Directory, string Text)> _files;
    private readonly Dictionary<string, LintOptions> _byDirectory = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public LintConfigFiles(IEnumerable<(string Path, string Text)> files)
    {
        _files = files
            .Where(f => DockerfileFileNames.IsConfig(f.Path))
            .OrderBy(f => DirectoryOf(f.Path).Length)
            .ThenBy(f => DockerfileFileNames.ConfigRank(f.Path))
            .Select(f => (Directory: DirectoryOf(f.Path), f.Text))
            .ToList();
    }

    public LintOptions For(string dockerfilePath)
    {
        var directory = DirectoryOf(dockerfilePath);
        lock (_gate)
        {
            if (!_byDirectory.TryGetValue(directory, out var options))
            {
                options = Merge(directory);
                _byDirectory[directory] = options;
            }

            return options;
        }
    }

    private LintOptions Merge(string directory)
    {
        LintOptions? options = null;
        foreach (var file in _files)
        {
            if (IsAncestorOrSelf(file.Directory, directory))
            {
                options = HadolintConfig.Parse(file.Text, options);
            }
        }

        return options ?? LintOptions.Default;
    }

    private static bool IsAncestorOrSelf(string ancestor, string directory)
    {
        if (ancestor.Length == 0)
        {
            return true;
        }

        return directory.StartsWith(ancestor, StringComparison.Ordinal)
            && (directory.Length == ancestor.Length || directory[ancestor.Length] == '/');
    }

    /// <summary>The directory with '/' separators and no trailing one, whichever OS the path came from.</summary>
    private static string DirectoryOf(string path)
    {
        var normalized = path.Replace('\\', '/');
        var slash = normalized.LastIndexOf('/');
        return slash <= 0 ? string.Empty : normalized.Substring(0, slash);
    }
}
