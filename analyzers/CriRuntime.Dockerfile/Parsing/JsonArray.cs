using System.Collections.Generic;
using System.Text;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Parsing;

/// <summary>Reads the exec form: a JSON array of strings. Anything else is not JSON and falls back to shell form, as in BuildKit.</summary>
internal static class JsonArray
{
    public static bool TryParse(LogicalLine line, int start, int end, List<SyntaxToken> into)
    {
        var s = line.Text;
        var i = Words.SkipSpaces(s, start, end);
        end = Words.TrimEnd(s, i, end);
        if (i >= end || s[i] != '[' || s[end - 1] != ']')
        {
            return false;
        }

        var first = into.Count;
        i = Words.SkipSpaces(s, i + 1, end);
        if (i < end && s[i] == ']')
        {
            return Words.SkipSpaces(s, i + 1, end) == end;
        }

        var sb = new StringBuilder();
        while (i < end)
        {
            if (s[i] != '"')
            {
                into.RemoveRange(first, into.Count - first);
                return false;
            }

            var tokenStart = i;
            sb.Length = 0;
            i++;
            var closed = false;
            while (i < end)
            {
                var c = s[i];
                if (c == '"')
                {
                    closed = true;
                    i++;
                    break;
                }

                if (c == '\\')
                {
                    if (i + 1 >= end)
                    {
                        break;
                    }

                    var n = s[i + 1];
                    switch (n)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (i + 5 >= end || !TryHex(s, i + 2, out var code))
                            {
                                into.RemoveRange(first, into.Count - first);
                                return false;
                            }

                            sb.Append((char)code);
                            i += 4;
                            break;
                        default:
                            into.RemoveRange(first, into.Count - first);
                            return false;
                    }

                    i += 2;
                    continue;
                }

                if (c < ' ')
                {
                    into.RemoveRange(first, into.Count - first);
                    return false;
                }

                sb.Append(c);
                i++;
            }

            if (!closed)
            {
                into.RemoveRange(first, into.Count - first);
                return false;
            }

            into.Add(new SyntaxToken(s.Substring(tokenStart, i - tokenStart), sb.ToString(), line.OriginalStart(tokenStart), line.OriginalEnd(tokenStart, i), tokenStart, i));
            i = Words.SkipSpaces(s, i, end);
            if (i < end && s[i] == ',')
            {
                i = Words.SkipSpaces(s, i + 1, end);
                continue;
            }

            if (i < end && s[i] == ']' && Words.SkipSpaces(s, i + 1, end) == end)
            {
                return true;
            }

            into.RemoveRange(first, into.Count - first);
            return false;
        }

        into.RemoveRange(first, into.Count - first);
        return false;
    }

    private static bool TryHex(string s, int i, out int code)
    {
        code = 0;
        for (var k = 0; k < 4; k++)
        {
            var c = s[i + k];
            int v;
            if (c >= '0' && c <= '9')
            {
                v = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                v = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                v = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            code = (code << 4) | v;
        }

        return true;
    }
}
