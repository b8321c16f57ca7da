using System.Collections.Generic;
using System.Text;

namespace CriRuntime.Dockerfile;

/// <summary>
/// Findings recorded on one day, so that only new ones are reported afterwards (a migration path for large
/// repositories). One line per finding: the Dockerfile's path relative to the baseline file ('/' separators), the rule
/// id and the trimmed text of the finding's first line, tab-separated. Keyed by line text rather than line number, an
/// entry survives lines added above it; each entry absorbs one finding (a second identical finding is new).
/// </summary>
public sealed class Baseline
{
    /// <summary>The first line of a baseline file.</summary>
    public const string Header = "# dockerfile-lint baseline v1: path<TAB>rule<TAB>line text; findings listed here are not reported";

    /// <summary>The file name the analyzer package picks up from the project folder.</summary>
    public const string FileName = ".dockerfile-lint-baseline";

    private readonly Dictionary<string, int> _counts = new(System.StringComparer.Ordinal);

    public static Baseline Parse(string text)
    {
        var baseline = new Baseline();
        foreach (var raw in (text ?? string.Empty).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            baseline._counts.TryGetValue(line, out var n);
            baseline._counts[line] = n + 1;
        }

        return baseline;
    }

    /// <summary>The baseline text recording every finding of each file (paths relative to the baseline's folder).</summary>
    public static string Write(IEnumerable<(string RelativePath, string Text, IReadOnlyList<Finding> Findings)> files)
    {
        var lines = new List<string>();
        foreach (var (path, text, findings) in files)
        {
            foreach (var finding in findings)
            {
                lines.Add(Key(path, text, finding));
            }
        }

        lines.Sort(System.StringComparer.Ordinal);
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var line in lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The findings of one file that the baseline does not list (in their order).</summary>
    public List<Finding> NewFindings(string relativePath, string text, IReadOnlyList<Finding> findings)
    {
        var left = new Dictionary<string, int>(_counts, System.StringComparer.Ordinal);
        var result = new List<Finding>();
        foreach (var finding in findings)
        {
            var key = Key(relativePath, text, finding);
            if (left.TryGetValue(key, out var n) && n > 0)
            {
                left[key] = n - 1;
                continue;
            }

            result.Add(finding);
        }

        return result;
    }

    private static string Key(string relativePath, string text, Finding finding)
    {
        var start = System.Math.Min(finding.Span.Start, text.Length);
        var lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
        var lineEnd = text.IndexOf('\n', start);
        var line = text.Substring(lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart).Trim().Replace('\t', ' ');
        return relativePath.Replace('\\', '/') + "\t" + finding.Rule.Id + "\t" + line;
    }
}
