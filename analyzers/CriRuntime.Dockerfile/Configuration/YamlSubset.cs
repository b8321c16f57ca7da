using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Configuration;

/// <summary>
/// The part of YAML .hadolint.yaml files use: top-level keys, one level of nested keys, block and flow
/// sequences of scalars, quoted scalars and comments. Values are stored by path ("override.error").
/// Anything else is skipped rather than rejected: a config file must never break linting.
/// </summary>
internal sealed class YamlSubset
{
    private readonly Dictionary<string, List<string>> _lists = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _scalars = new(System.StringComparer.OrdinalIgnoreCase);

    public static YamlSubset Parse(string text)
    {
        var yaml = new YamlSubset();
        string? top = null;
        string? current = null;
        var topIndent = -1;
        foreach (var rawLine in (text ?? string.Empty).Split('\n'))
        {
            var line = StripComment(rawLine.TrimEnd('\r'));
            var content = line.Trim();
            if (content.Length == 0 || content == "---")
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (content.StartsWith("- ", System.StringComparison.Ordinal) || content == "-")
            {
                if (current != null)
                {
                    yaml.AddItem(current, Unquote(content.Substring(1).Trim()));
                }

                continue;
            }

            var colon = KeyColon(content);
            if (colon <= 0)
            {
                continue;
            }

            var key = Unquote(content.Substring(0, colon).Trim());
            var value = content.Substring(colon + 1).Trim();
            string path;
            if (top is null || indent <= topIndent)
            {
                top = key;
                topIndent = indent;
                path = key;
            }
            else
            {
                path = top + "." + key;
            }

            current = path;
            if (value.Length == 0)
            {
                continue;
            }

            if (value[0] == '[')
            {
                var inner = value.Trim('[', ']');
                foreach (var item in inner.Split(','))
                {
                    var v = Unquote(item.Trim());
                    if (v.Length > 0)
                    {
                        yaml.AddItem(path, v);
                    }
                }
            }
            else
            {
                yaml._scalars[path] = Unquote(value);
            }
        }

        return yaml;
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

    private void AddItem(string path, string value)
    {
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
