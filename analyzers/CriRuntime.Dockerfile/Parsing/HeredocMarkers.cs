using System.Collections.Generic;
using System.Text;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Parsing;

/// <summary>
/// Finds heredoc markers the way BuildKit's parser does: the whole instruction line is split into words by its
/// shell lexer (quotes and escapes kept, <c>\</c> as the escape whatever the escape directive, <c>&lt;&lt;</c>
/// glued to the word after any whitespace), and a word of the form <c>[n]&lt;&lt;[-][space]WORD</c> whose
/// <c>WORD</c> is one word once quotes and escapes are removed is a heredoc named by that word. So
/// <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-\EOT</c>, <c>&lt;&lt; 'EOF'</c> and <c>&lt;&lt;"E"OF</c> are heredocs while
/// <c>cat&lt;&lt;EOF</c>, <c>$((1&lt;&lt;3))</c> and <c>&lt;&lt;&lt;word</c> are not. A line the lexer rejects
/// (an unterminated quote, a bad <c>${}</c>) has no heredocs, as in BuildKit.
/// </summary>
internal static class HeredocMarkers
{
    private const char Escape = '\\';
    private static readonly IReadOnlyList<HeredocSyntax> None = new HeredocSyntax[0];

    public static IReadOnlyList<HeredocSyntax> Find(LogicalLine line, int end)
    {
        var s = line.Text;
        if (s.IndexOf("<<", 0, end, System.StringComparison.Ordinal) < 0)
        {
            return None;
        }

        var words = new List<(int Start, int End)>();
        if (!SplitRaw(s, end, words))
        {
            return None;
        }

        List<HeredocSyntax>? found = null;
        foreach (var (start, wordEnd) in words)
        {
            var heredoc = TryParse(line, start, wordEnd);
            if (heredoc != null)
            {
                (found ??= new List<HeredocSyntax>()).Add(heredoc);
            }
        }

        return found ?? None;
    }

    /// <summary>BuildKit's raw word split of the line; false where its lexer fails.</summary>
    private static bool SplitRaw(string s, int end, List<(int Start, int End)> words)
    {
        var wordStart = -1;
        var i = 0;
        while (i < end)
        {
            var c = s[i];
            if (Words.IsSpace(c))
            {
                if (wordStart >= 0)
                {
                    words.Add((wordStart, i));
                    wordStart = -1;
                }

                i++;
                continue;
            }

            if (wordStart < 0)
            {
                wordStart = i;
            }

            switch (c)
            {
                case '\'':
                    i = s.IndexOf('\'', i + 1, end - i - 1);
                    if (i < 0)
                    {
                        return false;
                    }

                    i++;
                    break;
                case '"':
                    i = SkipDoubleQuoted(s, i + 1, end);
                    if (i < 0)
                    {
                        return false;
                    }

                    break;
                case '$':
                    i = SkipDollar(s, i, end, words, ref wordStart);
                    if (i < 0)
                    {
                        return false;
                    }

                    break;
                case '<' when i + 1 < end && s[i + 1] == '<':
                    i += 2;
                    while (i < end && Words.IsSpace(s[i]))
                    {
                        i++;
                    }

                    break;
                case Escape:
                    i += 2;
                    break;
                default:
                    i++;
                    break;
            }
        }

        if (wordStart >= 0)
        {
            words.Add((wordStart, i > end ? end : i));
        }

        return true;
    }

    /// <summary>Past the closing quote of a double-quoted run starting after its opening quote; -1 if unterminated.</summary>
    private static int SkipDoubleQuoted(string s, int i, int end)
    {
        while (i < end)
        {
            var c = s[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '$')
            {
                var unused = -1;
                i = SkipDollar(s, i, end, null, ref unused);
                if (i < 0)
                {
                    return -1;
                }

                continue;
            }

            i += c == Escape && i + 1 < end && (s[i + 1] == '"' || s[i + 1] == '$' || s[i + 1] == Escape) ? 2 : 1;
        }

        return -1;
    }

    /// <summary>
    /// Past a <c>$name</c> or <c>${...}</c> (variables are unset, so they stay as written); -1 where BuildKit's
    /// lexer reports a bad substitution. Whitespace inside <c>${...}</c> splits words, as BuildKit's does.
    /// </summary>
    private static int SkipDollar(string s, int i, int end, List<(int Start, int End)>? words, ref int wordStart)
    {
        i++;
        if (i >= end || s[i] != '{')
        {
            return i;
        }

        i++;
        if (i >= end || s[i] == '{' || s[i] == '}' || s[i] == ':')
        {
            return -1;
        }

        i = SkipName(s, i, end);
        if (i >= end)
        {
            return -1;
        }

        var op = s[i++];
        if (op == '}')
        {
            return i;
        }

        if (op == ':')
        {
            if (i >= end)
            {
                return -1;
            }

            op = s[i++];
            if (op == '#' || op == '%')
            {
                return -1;
            }
        }
        else if (op != '+' && op != '-' && op != '?' && op != '#' && op != '%' && op != '/')
        {
            return -1;
        }

        var depth = 1;
        while (i < end)
        {
            var c = s[i];
            if (c == '}' && --depth == 0)
            {
                return i + 1;
            }

            if (c == '{' && i > 0 && s[i - 1] == '$')
            {
                depth++;
            }
            else if (words != null && Words.IsSpace(c) && wordStart >= 0)
            {
                words.Add((wordStart, i));
                wordStart = -1;
            }
            else if (words != null && wordStart < 0 && !Words.IsSpace(c))
            {
                wordStart = i;
            }

            i += c == Escape && i + 1 < end ? 2 : 1;
        }

        return -1;
    }

    private static int SkipName(string s, int i, int end)
    {
        if (i < end && char.IsDigit(s[i]))
        {
            while (i < end && char.IsDigit(s[i]))
            {
                i++;
            }

            return i;
        }

        if (i < end && "@*#?-$!0".IndexOf(s[i]) >= 0)
        {
            return i + 1;
        }

        while (i < end && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        return i;
    }

    /// <summary>A word matching <c>^(\d*)&lt;&lt;(-?)\s*([^&lt;]*)$</c> whose rest is one word once unquoted.</summary>
    private static HeredocSyntax? TryParse(LogicalLine line, int start, int end)
    {
        var s = line.Text;
        var j = start;
        while (j < end && char.IsDigit(s[j]))
        {
            j++;
        }

        if (end - j < 2 || s[j] != '<' || s[j + 1] != '<')
        {
            return null;
        }

        j += 2;
        var strip = j < end && s[j] == '-';
        if (strip)
        {
            j++;
        }

        while (j < end && Words.IsSpace(s[j]))
        {
            j++;
        }

        if (j == end || s.IndexOf('<', j, end - j) >= 0)
        {
            return null;
        }

        var name = Unquote(s, j, end, out var quoteCount);
        if (name is null)
        {
            return null;
        }

        var raw = s.Substring(j, end - j);
        var rawQuotes = Count(raw, '\'') + Count(raw, '"');
        var marker = new SyntaxToken(s.Substring(start, end - start), name, line.OriginalStart(start), line.OriginalEnd(start, end), start, end);
        return new HeredocSyntax(name, strip, quoteCount != rawQuotes, marker, string.Empty, 0, 0, false);
    }

    /// <summary>The delimiter word with quotes and escapes removed; null unless exactly one word results.</summary>
    private static string? Unquote(string s, int i, int end, out int quoteCount)
    {
        var sb = new StringBuilder(end - i);
        quoteCount = 0;
        var inWord = false;
        var ended = false;
        while (i < end)
        {
            var c = s[i];
            if (Words.IsSpace(c))
            {
                ended = inWord && sb.Length > 0;
                i++;
                continue;
            }

            if (ended)
            {
                return null;
            }

            if (c == '\'' || c == '"')
            {
                var close = s.IndexOf(c, i + 1, end - i - 1);
                if (close < 0)
                {
                    return null;
                }

                for (var k = i + 1; k < close; k++)
                {
                    if (c == '"' && s[k] == Escape && k + 1 < close && (s[k + 1] == '"' || s[k + 1] == '$' || s[k + 1] == Escape))
                    {
                        k++;
                    }

                    sb.Append(s[k]);
                    quoteCount += s[k] == '\'' || s[k] == '"' ? 1 : 0;
                }

                i = close + 1;
                inWord = true;
                continue;
            }

            if (c == Escape && i + 1 < end)
            {
                i++;
                c = s[i];
            }

            sb.Append(c);
            quoteCount += c == '\'' || c == '"' ? 1 : 0;
            inWord = true;
            i++;
        }

        return sb.Length > 0 ? sb.ToString() : null;
    }

    private static int Count(string s, char c)
    {
        var n = 0;
        foreach (var ch in s)
        {
            n += ch == c ? 1 : 0;
        }

        return n;
    }
}
