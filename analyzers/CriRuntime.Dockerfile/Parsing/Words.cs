using System.Collections.Generic;
using System.Text;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Parsing;

/// <summary>Splits instruction arguments into words, keeping quoted runs together.</summary>
internal static class Words
{
    public static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';

    public static int SkipSpaces(string s, int i, int end)
    {
        while (i < end && IsSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    public static int TrimEnd(string s, int start, int end)
    {
        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return end;
    }

    /// <summary>End of the word starting at <paramref name="i"/>: whitespace outside quotes ends it.</summary>
    public static int WordEnd(string s, int i, int end, char escape, bool quoteAware)
    {
        var quote = '\0';
        while (i < end)
        {
            var c = s[i];
            if (quote != '\0')
            {
                if (c == escape && quote == '"' && i + 1 < end)
                {
                    i += 2;
                    continue;
                }

                if (c == quote)
                {
                    quote = '\0';
                }

                i++;
                continue;
            }

            if (IsSpace(c))
            {
                break;
            }

            if (quoteAware && c == escape && i + 1 < end)
            {
                i += 2;
                continue;
            }

            if (quoteAware && (c == '"' || c == '\''))
            {
                quote = c;
            }

            i++;
        }

        return i > end ? end : i;
    }

    public static SyntaxToken Token(LogicalLine line, int start, int end, char escape, bool unquote)
    {
        var text = line.Text.Substring(start, end - start);
        var value = unquote ? Unquote(text, escape) : text;
        return new SyntaxToken(text, value, line.OriginalStart(start), line.OriginalEnd(start, end), start, end);
    }

    /// <summary>
    /// Splits on whitespace (outside quotes when <paramref name="quoteAware"/>); values are unquoted when
    /// <paramref name="unquote"/> (default: as <paramref name="quoteAware"/>). COPY and ADD split on every
    /// space, as BuildKit's parser does, but their words are unquoted by word expansion before use.
    /// </summary>
    public static void Split(LogicalLine line, int start, int end, char escape, bool quoteAware, List<SyntaxToken> into, bool? unquote = null)
    {
        var s = line.Text;
        var i = SkipSpaces(s, start, end);
        while (i < end)
        {
            var e = WordEnd(s, i, end, escape, quoteAware);
            into.Add(Token(line, i, e, escape, unquote ?? quoteAware));
            i = SkipSpaces(s, e, end);
        }
    }

    /// <summary>Removes quotes and escapes the way BuildKit's word processing does (no expansion).</summary>
    public static string Unquote(string raw, char escape)
    {
        if (raw.IndexOf('"') < 0 && raw.IndexOf('\'') < 0 && raw.IndexOf(escape) < 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length);
        var quote = '\0';
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    sb.Append(c);
                }

                continue;
            }

            if (c == escape && i + 1 < raw.Length)
            {
                var n = raw[i + 1];
                if (quote == '"' && n != '"' && n != escape && n != '$')
                {
                    sb.Append(c);
                    continue;
                }

                sb.Append(n);
                i++;
                continue;
            }

            if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else
                {
                    sb.Append(c);
                }

                continue;
            }

            if (c == '"' || c == '\'')
            {
                quote = c;
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
