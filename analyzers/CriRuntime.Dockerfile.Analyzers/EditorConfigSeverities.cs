using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// <c>dotnet_diagnostic.ID.severity</c> from the sections of <c>.editorconfig</c> files (passed as AdditionalFiles by
/// the package's targets) whose glob matches a Dockerfile's path. Roslyn applies per-path sections to C# syntax trees
/// only and hides those keys from analyzers, so the analyzer reads them itself. EditorConfig rules: files nearer the
/// Dockerfile win over farther ones, <c>root = true</c> stops the search upwards, later sections win within a file; a
/// pattern without '/' matches the file name at any depth. IDs may be ours, hadolint's or BuildKit check names.
/// </summary>
internal sealed class EditorConfigSeverities
{
    private const string Prefix = "dotnet_diagnostic.";
    private const string Suffix = ".severity";

    private readonly List<EditorConfigFile> _files;

    public EditorConfigSeverities(IEnumerable<(string Path, string Text)> files)
    {
        _files = files
            .Where(f => IsEditorConfig(f.Path))
            .Select(f => EditorConfigFile.Parse(DirectoryOf(f.Path), f.Text))
            .Where(f => !f.IsGlobal)
            .OrderBy(f => f.Directory.Length)
            .ToList();
    }

    public static bool IsEditorConfig(string path) => path.EndsWith("/.editorconfig", StringComparison.Ordinal) || path.EndsWith("\\.editorconfig", StringComparison.Ordinal) || path == ".editorconfig";

    /// <summary>Severity settings for the file, keyed by the ids as written (our ids, hadolint's, BuildKit names).</summary>
    public Dictionary<string, Severity> For(string path)
    {
        var normalized = path.Replace('\\', '/');
        var applicable = new List<EditorConfigFile>();
        foreach (var file in _files.AsEnumerable().Reverse())
        {
            if (file.Directory.Length == 0 || normalized.StartsWith(file.Directory + "/", StringComparison.Ordinal))
            {
                applicable.Add(file);
                if (file.IsRoot)
                {
                    break;
                }
            }
        }

        var result = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        for (var i = applicable.Count - 1; i >= 0; i--)
        {
            var file = applicable[i];
            var relative = file.Directory.Length == 0 ? normalized.TrimStart('/') : normalized.Substring(file.Directory.Length + 1);
            foreach (var section in file.Sections)
            {
                if (!section.Matches(relative))
                {
                    continue;
                }

                foreach (var pair in section.Severities)
                {
                    result[pair.Key] = pair.Value;
                }
            }
        }

        return result;
    }

    /// <summary>Roslyn's severity words onto the linter's levels; null for <c>default</c> or an unknown word.</summary>
    public static Severity? ParseSeverity(string value) => value.Trim().ToLowerInvariant() switch
    {
        "error" => Severity.Error,
        "warning" or "warn" => Severity.Warning,
        "suggestion" or "info" => Severity.Info,
        "silent" or "hidden" => Severity.Style,
        "none" => Severity.None,
        _ => null,
    };

    private static string DirectoryOf(string path)
    {
        var normalized = path.Replace('\\', '/');
        var slash = normalized.LastIndexOf('/');
        return slash <= 0 ? string.Empty : normalized.Substring(0, slash);
    }

    private sealed class EditorConfigFile
    {
        private EditorConfigFile(string directory)
        {
            Directory = directory;
        }

        public string Directory { get; }

        public bool IsRoot { get; private set; }

        public bool IsGlobal { get; private set; }

        public List<Section> Sections { get; } = new();

        public static EditorConfigFile Parse(string directory, string text)
        {
            var file = new EditorConfigFile(directory);
            Section? section = null;
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                if (line[0] == '[' && line[line.Length - 1] == ']')
                {
                    section = new Section(line.Substring(1, line.Length - 2));
                    file.Sections.Add(section);
                    continue;
                }

                var eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                var key = line.Substring(0, eq).Trim().ToLowerInvariant();
                var value = line.Substring(eq + 1).Trim();
                if (section is null)
                {
                    file.IsRoot |= key == "root" && value.Equals("true", StringComparison.OrdinalIgnoreCase);
                    file.IsGlobal |= key == "is_global" && value.Equals("true", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                if (key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal) && key.Length > Prefix.Length + Suffix.Length
                    && ParseSeverity(StripComment(value)) is { } severity)
                {
                    section.Severities[line.Substring(Prefix.Length, key.Length - Prefix.Length - Suffix.Length)] = severity;
                }
            }

            return file;
        }

        private static string StripComment(string value)
        {
            var hash = value.IndexOfAny(new[] { '#', ';' });
            return hash < 0 ? value : value.Substring(0, hash);
        }
    }

    private sealed class Section
    {
        private readonly Regex _pattern;

        public Section(string glob)
        {
            _pattern = new Regex("^" + GlobToRegex(glob) + "$", RegexOptions.CultureInvariant);
        }

        public Dictionary<string, Severity> Severities { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Matches(string relativePath) => _pattern.IsMatch(relativePath);

        /// <summary>EditorConfig globs: <c>*</c>, <c>**</c>, <c>?</c>, <c>[abc]</c>, <c>[!abc]</c>, <c>{a,b}</c>; no '/' means any depth.</summary>
        internal static string GlobToRegex(string glob)
        {
            var anyDepth = glob.IndexOf('/') < 0;
            glob = glob.TrimStart('/');
            var sb = new StringBuilder(anyDepth ? "(?:.*/)?" : string.Empty);
            var braces = 0;
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                switch (c)
                {
                    case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                        i++;
                        if (i + 1 < glob.Length && glob[i + 1] == '/')
                        {
                            i++;
                            sb.Append("(?:.*/)?");
                        }
                        else
                        {
                            sb.Append(".*");
                        }

                        break;
                    case '*':
                        sb.Append("[^/]*");
                        break;
                    case '?':
                        sb.Append("[^/]");
                        break;
                    case '[':
                        var close = glob.IndexOf(']', i + 1);
                        if (close < 0)
                        {
                            sb.Append("\\[");
                            break;
                        }

                        var set = glob.Substring(i + 1, close - i - 1);
                        sb.Append('[').Append(set.StartsWith("!", StringComparison.Ordinal) ? "^" + Regex.Escape(set.Substring(1)) : Regex.Escape(set)).Append(']');
                        i = close;
                        break;
                    case '{':
                        braces++;
                        sb.Append("(?:");
                        break;
                    case '}' when braces > 0:
                        braces--;
                        sb.Append(')');
                        break;
                    case ',' when braces > 0:
                        sb.Append('|');
                        break;
                    case '\\' when i + 1 < glob.Length:
                        sb.Append(Regex.Escape(glob[++i].ToString()));
                        break;
                    default:
                        sb.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return sb.ToString();
        }
    }
}
