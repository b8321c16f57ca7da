using System;
using System.Collections.Generic;
using System.Linq;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// <c>.dockerfile-lint-baseline</c> files among the AdditionalFiles (written by <c>dockerfile-lint --baseline</c>): a
/// Dockerfile's findings listed in the nearest one in its folder or above are not reported.
/// </summary>
internal sealed class BaselineFiles
{
    private readonly List<(string Directory, Baseline Baseline)> _files;

    public BaselineFiles(IEnumerable<(string Path, string Text)> files)
    {
        _files = files
            .Where(f => IsBaseline(f.Path))
            .Select(f => (Directory: DirectoryOf(f.Path), Baseline.Parse(f.Text)))
            .OrderByDescending(f => f.Directory.Length)
            .ToList();
    }

    public static bool IsBaseline(string path) => path.Replace('\\', '/').EndsWith("/" + Baseline.FileName, StringComparison.Ordinal);

    /// <summary>The findings the nearest baseline does not list.</summary>
    public IReadOnlyList<Finding> NewFindings(string path, string text, IReadOnlyList<Finding> findings)
    {
        var normalized = path.Replace('\\', '/');
        foreach (var (directory, baseline) in _files)
        {
            if (directory.Length == 0 || normalized.StartsWith(directory + "/", StringComparison.Ordinal))
            {
                return baseline.NewFindings(directory.Length == 0 ? normalized.TrimStart('/') : normalized.Substring(directory.Length + 1), text, findings);
            }
        }

        return findings;
    }

    private static string DirectoryOf(string path)
    {
        var normalized = path.Replace('\\', '/');
        var slash = normalized.LastIndexOf('/');
        return slash <= 0 ? string.Empty : normalized.Substring(0, slash);
    }
}
