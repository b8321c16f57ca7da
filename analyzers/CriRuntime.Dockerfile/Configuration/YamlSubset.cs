using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Configuration;

/// <summary>
/// The part of YAML .hadolint.yaml files use: top-level keys, one level of nested keys (in block style or as a
/// one-line flow mapping <c>{ error: [DL3006] }</c>), block and flow sequences of scalars, quoted scalars and comments. Values are stored by path ("override.error"), with the
/// kind and line of each key for validation. What it cannot read is recorded in <see cref="Problems"/> (and
/// skipped), so callers decide whether a broken file stops them.
/// </summary>
internal sealed class YamlSubset
{
    private readonly Dictionary<string, List<string>> _lists = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _scalars = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, YamlEntry> _entries = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly List<ConfigProblem> _problems = new();

    /// <summary>Lines that are not YAML this reader understands, in file order.</summary>
    public IReadOnlyList<ConfigProblem> Problems => _problems;

    /// <summary>Every key by path, in file order of first appearance.</summary>
    public IEnumerable<YamlEntry> Entries => _entries.Values;

    public static YamlSubset Parse(string text)
    {
        var yaml = new YamlSubset();
        string? top = null;
        string? current = null;
        var topIndent = -1;
        var nestedIndent = -1;
        var lineNumber = 0;
        foreach (var rawLine in (text ?? string.Empty).Split('\n'))
        {
            lineNumber++;
            var line = StripComment(rawLine.TrimEnd('\r'));
            var content = line.Trim();
            if (content.Length == 0 || content == "---")
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (line.Substring(0, indent).IndexOf('\t') >= 0)
            {
                yaml._problems.Add(new ConfigProblem(lineNumber, current ?? string.Empty, "tabs cannot indent YAML"));
                continue;
            }

            if (content.StartsWith("- ", System.StringComparison.Ordinal) || content == "-")
            {
                if (current is null)
                {
                    yaml._problems.Add(new ConfigProblem(lineNumber, string.Empty, "a list item outside any key"));
                }
                else
                {
                    yaml.AddItem(current, Unquote(content.Substring(1).Trim()), lineNumber);
                }

                continue;
            }

            var colon = KeyColon(content);
            if (colon <= 0)
            {
                yaml._problems.Add(new ConfigProblem(lineNumber, current ?? string.Empty, $"cannot read '{content}' (expected 'key: value' or '- item')"));
                continue;
            }

            var key = Unquote(content.Substring(0, colon).Trim());
            var value = content.Substring(colon + 1).Trim();
            string path;
            var nested = !(top is null || indent <= topIndent);
            if (!nested)
            {
                top = key;
                topIndent = indent;
                nestedIndent = -1;
                path = key;
            }
            else
            {
                if (nestedIndent < 0)
                {
                    nestedIndent = indent;
                }
                else if (indent > nestedIndent)
                {
                    yaml._problems.Add(new ConfigProblem(lineNumber, top + "." + key, "nested deeper than this configuration allows"));
                    continue;
                }

                path = top + "." + key;
                yaml.SetKind(top!, YamlKind.Mapping, lineNumber);
            }

            current = path;
            if (value.Length == 0)
            {
                yaml.SetKind(path, YamlKind.Empty, lineNumber);
                continue;
            }

            yaml.SetValue(path, value, lineNumber, nested);
        }

        return yaml;
    }

    /// <summary>A key's value on its own line: a flow sequence, a flow mapping (one level, on one line) or a scalar.</summary>
    private void SetValue(string path, string value, int lineNumber, bool nested)
    {
        if (value[0] == '[')
        {
            SetKind(path, YamlKind.List, lineNumber);
            if (value[value.Length - 1] != ']')
            {
                _problems.Add(new ConfigProblem(lineNumber, path, "a '[' list without its closing ']'"));
            }

            foreach (var item in SplitFlow(value.Substring(1, value.Length - (value[value.Length - 1] == ']' ? 2 : 1))))
            {
                var v = Unquote(item);
                if (v.Length > 0)
                {
                    AddItem(path, v, lineNumber);
                }
            }
        }
        else if (value[0] == '{')
        {
            SetKind(path, YamlKind.Mapping, lineNumber);
            if (nested)
            {
                _problems.Add(new ConfigProblem(lineNumber, path, "nested deeper than this configuration allows"));
                return;
            }

            if (value[value.Length - 1] != '}')
            {
                _problems.Add(new ConfigProblem(lineNumber, path, "a '{' mapping without its closing '}' (write it on one line)"));
                return;
            }

            foreach (var member in SplitFlow(value.Substring(1, value.Length - 2)))
            {
                var colon = KeyColon(member);
                if (colon <= 0)
                {
                    _problems.Add(new ConfigProblem(lineNumber, path, $"cannot read '{member}' in '{{ }}' (expected 'key: value')"));
                    continue;
                }

                var key = path + "." + Unquote(member.Substring(0, colon).Trim());
                var memberValue = member.Substring(colon + 1).Trim();
                if (memberValue.Length == 0)
                {
                    SetKind(key, YamlKind.Empty, lineNumber);
                }
                else
                {
                    SetValue(key, memberValue, lineNumber, nested: true);
                }
            }
        }
        else
        {
            if ((value[0] == '"' || value[0] == '\'') && (value.Length < 2 || value[value.Length - 1] != value[0]))
            {
                _problems.Add(new ConfigProblem(lineNumber, path, "an unterminated quoted value"));
            }

            SetKind(path, YamlKind.Scalar, lineNumber);
            _scalars[path] = Unquote(value);
        }
    }

    /// <summary>The comma-separated members of a flow collection's inside, trimmed; commas in quotes or inner brackets do not split.</summary>
    private static List<string> SplitFlow(string inner)
    {
        var members = new List<string>();
        var quote = '\0';
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c == '"' || c == '\'')
            {
                quote = c;
            }
            else if (c == '[' || c == '{')
            {
                depth++;
            }
            else if (c == ']' || c == '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                members.Add(inner.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }

        members.Add(inner.Substring(start).Trim());
        members.RemoveAll(m => m.Length == 0);
        return members;
    }

    public IReadOnlyList<string> List(string path) => _lists.TryGetValue(path, out var list) ? list : (IReadOnlyList<string>)new string[0];

    public string? Scalar(string path) => _scalars.TryGetValue(path, out var v) ? v : null;

    /// <summary>Nested scalars of a mapping (<c>label-schema: { author: text }</c>), by key.</summary>
    public IEnumerable<KeyValuePair<string, string>> Mapping(string path)
    {
        var prefix = path + ".";
        foreach (var pair in _scalars)
        {
            if (pair.Key.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
            {
                yield return new KeyValuePair<string, string>(pair.Key.Substring(prefix.Length), pair.Value);
            }
        }
    }

    private void SetKind(string path, YamlKind kind, int line)
    {
        if (!_entries.TryGetValue(path, out var entry) || entry.Kind == YamlKind.Empty)
        {
            _entries[path] = new YamlEntry(path, kind, entry?.Line ?? line);
        }
    }

    private void AddItem(string path, string value, int line)
    {
        SetKind(path, YamlKind.List, line);
        if (!_lists.TryGetValue(path, out var list))
        {
            _lists[path] = list = new List<string>();
        }

        list.Add(value);
    }

    /// <summary>The colon that ends a mapping key (followed by space or end), outside quotes.</summary>
    private static int KeyColon(string content)
    {
        var quote = '\0';
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == '"' || c == '\'')
            {
                quote = c;
            }
            else if (c == ':' && (i + 1 == content.Length || content[i + 1] == ' ' || content[i + 1] == '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == '"' || c == '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
            {
                return line.Substring(0, i);
            }
        }

        return line;
    }

    private static string Unquote(string s)
    {
        if (s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[s.Length - 1] == s[0])
        {
            return s.Substring(1, s.Length - 2);
        }

        return s;
    }
}
