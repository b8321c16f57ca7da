namespace CriRuntime.Dockerfile.Cli;

/// <summary>
/// Expands globs the shell left alone (quoted, or on Windows): <c>*</c>, <c>?</c>, <c>[abc]</c> within a path segment
/// and <c>**</c> for any number of directories.
/// </summary>
internal static class Glob
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Matching files as (path to show, full path), sorted.</summary>
    public static List<(string Display, string FullPath)> Expand(string pattern, string currentDirectory)
    {
        var segments = pattern.Replace('\\', '/').Split('/');
        var fixedCount = 0;
        while (fixedCount < segments.Length - 1 && !HasWildcards(segments[fixedCount]))
        {
            fixedCount++;
        }

        var displayBase = string.Join('/', segments, 0, fixedCount);
        if (fixedCount > 0 && displayBase.Length == 0)
        {
            displayBase = "/";
        }

        var root = Path.GetFullPath(displayBase.Length == 0 ? "." : displayBase, currentDirectory);
        var rest = segments[fixedCount..];
        var results = new List<(string, string)>();
        if (Directory.Exists(root))
        {
            Walk(root, string.Empty, rest, 0, results, displayBase);
        }

        results.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return results;
    }

    private static void Walk(string directory, string relative, string[] pattern, int index, List<(string, string)> results, string displayBase)
    {
        if (index >= pattern.Length)
        {
            return;
        }

        var segment = pattern[index];
        if (segment == "**")
        {
            // "**" matches nothing here, or one more directory level and stays in force.
            Walk(directory, relative, pattern, index + 1, results, displayBase);
            foreach (var sub in SafeDirectories(directory))
            {
                var name = Path.GetFileName(sub);
                if (!name.StartsWith('.'))
                {
                    Walk(sub, Join(relative, name), pattern, index, results, displayBase);
                }
            }

            return;
        }

        var last = index == pattern.Length - 1;
        var entries = last ? SafeFiles(directory) : SafeDirectories(directory);
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.') && !segment.StartsWith('.'))
            {
                continue;
            }

            if (!IsMatch(segment, name))
            {
                continue;
            }

            if (last)
            {
                var shown = Join(relative, name);
                results.Add((displayBase.Length == 0 ? shown : (displayBase.EndsWith('/') ? displayBase + shown : displayBase + "/" + shown), entry));
            }
            else
            {
                Walk(entry, Join(relative, name), pattern, index + 1, results, displayBase);
            }
        }
    }

    /// <summary>Matches one path segment against one pattern segment.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (p < pattern.Length && MatchOne(pattern, ref p, name[n]))
            {
                n++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches one character at <paramref name="p"/> ('?', a class or a literal) and advances past it on success.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        if (pattern[p] == '?')
        {
            p++;
            return true;
        }

        if (pattern[p] == '[')
        {
            var close = pattern[(p + 1)..].IndexOf(']');
            if (close > 0)
            {
                var set = pattern.Slice(p + 1, close);
                var negate = set[0] is '!' or '^';
                if (negate)
                {
                    set = set[1..];
                }

                var hit = false;
                for (var i = 0; i < set.Length; i++)
                {
                    if (i + 2 < set.Length && set[i + 1] == '-')
                    {
                        hit |= c >= set[i] && c <= set[i + 2];
                        i += 2;
                    }
                    else
                    {
                        hit |= c == set[i];
                    }
                }

                if (hit != negate)
                {
                    p += close + 2;
                    return true;
                }

                return false;
            }
        }

        if (pattern[p] == c)
        {
            p++;
            return true;
        }

        return false;
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

    private static string[] SafeFiles(string directory)
    {
        try
        {
            return Directory.GetFiles(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string[] SafeDirectories(string directory)
    {
        try
        {
            return Directory.GetDirectories(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
