using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Configuration;

/// <summary>
/// .dockerignore patterns: Go filepath.Match globs per path segment, <c>**</c> for any number of segments,
/// <c>!</c> exceptions, the last matching pattern wins, and a pattern that matches a directory excludes its content.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(string[] Segments, bool Exception)> _patterns = new();

    public static DockerIgnore Parse(string text)
    {
        var result = new DockerIgnore();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var exception = line[0] == '!';
            if (exception)
            {
                line = line.Substring(1).Trim();
            }

            var segments = Clean(line);
            if (segments.Length > 0)
            {
                result._patterns.Add((segments, exception));
            }
        }

        return result;
    }

    public bool IsEmpty => _patterns.Count == 0;

    /// <summary>True when a context path (no wildcards) is excluded from the build context.</summary>
    public bool IsExcluded(string path)
    {
        var segments = Clean(path);
        if (segments.Length == 0)
        {
            return false;
        }

        var excluded = false;
        foreach (var (pattern, exception) in _patterns)
        {
            // The path or one of its parent directories matches.
            for (var n = 1; n <= segments.Length; n++)
            {
                if (Match(pattern, 0, segments, 0, n))
                {
                    excluded = !exception;
                    break;
                }
            }
        }

        return excluded;
    }

    private static string[] Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0)
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.ToArray();
    }

    private static bool Match(string[] pattern, int p, string[] path, int s, int count)
    {
        if (p == pattern.Length)
        {
            return s == count;
        }

        if (pattern[p] == "**")
        {
            for (var k = s; k <= count; k++)
            {
                if (Match(pattern, p + 1, path, k, count))
                {
                    return true;
                }
            }

            return false;
        }

        return s < count && Glob(pattern[p], 0, path[s], 0) && Match(pattern, p + 1, path, s + 1, count);
    }

    /// <summary>One segment: '*', '?', '[...]' classes and '\' escapes.</summary>
    private static bool Glob(string pattern, int pi, string text, int ti)
    {
        while (pi < pattern.Length)
        {
            var c = pattern[pi];
            if (c == '*')
            {
                for (var k = ti; k <= text.Length; k++)
                {
                    if (Glob(pattern, pi + 1, text, k))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (ti >= text.Length)
            {
                return false;
            }

            if (c == '?')
            {
                pi++;
                ti++;
                continue;
            }

            if (c == '[')
            {
                var close = pattern.IndexOf(']', pi + 1);
                if (close < 0)
                {
                    return false;
                }

                if (!InClass(pattern.Substring(pi + 1, close - pi - 1), text[ti]))
                {
                    return false;
                }

                pi = close + 1;
                ti++;
                continue;
            }

            if (c == '\\' && pi + 1 < pattern.Length)
            {
                pi++;
                c = pattern[pi];
            }

            if (c != text[ti])
            {
                return false;
            }

            pi++;
            ti++;
        }

        return ti == text.Length;
    }

    private static bool InClass(string cls, char c)
    {
        var negate = cls.Length > 0 && (cls[0] == '^' || cls[0] == '!');
        var i = negate ? 1 : 0;
        var found = false;
        while (i < cls.Length)
        {
            var lo = cls[i];
            var hi = lo;
            if (i + 2 < cls.Length && cls[i + 1] == '-')
            {
                hi = cls[i + 2];
                i += 3;
            }
            else
            {
                i++;
            }

            found |= c >= lo && c <= hi;
        }

        return found != negate;
    }
}
