using System.Collections.Generic;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Parsing;

/// <summary>Finds unquoted <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c> markers; bodies are read after the line.</summary>
internal static class HeredocMarkers
{
    private static readonly IReadOnlyList<HeredocSyntax> None = new HeredocSyntax[0];

    public static IReadOnlyList<HeredocSyntax> Find(LogicalLine line, int start, int end, char escape)
    {
        var s = line.Text;
        if (s.IndexOf("<<", start, end - start, System.StringComparison.Ordinal) < 0)
        {
            return None;
        }

        List<HeredocSyntax>? found = null;
        var quote = '\0';
        for (var i = start; i < end; i++)
        {
            var c = s[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == escape || c == '\\')
            {
                i++;
                continue;
            }

            if (c == '"' || c == '\'')
            {
                quote = c;
                continue;
            }

            if (c != '<' || i + 1 >= end || s[i + 1] != '<' || (i + 2 < end && s[i + 2] == '<'))
            {
                continue;
            }

            var j = i + 2;
            var strip = j < end && s[j] == '-';
            if (strip)
            {
                j++;
            }

            var q = j < end && (s[j] == '"' || s[j] == '\'') ? s[j] : '\0';
            if (q != '\0')
            {
                j++;
            }

            var nameStart = j;
            if (j < end && q == '\0' && char.IsDigit(s[j]))
            {
                // "$((1<<3))" is arithmetic, not a heredoc.
                i = j;
                continue;
            }

            while (j < end && (char.IsLetterOrDigit(s[j]) || s[j] == '_' || s[j] == '-' || s[j] == '.'))
            {
                j++;
            }

            if (j == nameStart)
            {
                i = j - 1;
                continue;
            }

            var name = s.Substring(nameStart, j - nameStart);
            if (q != '\0')
            {
                if (j >= end || s[j] != q)
                {
                    i = j - 1;
                    continue;
                }

                j++;
            }

            var marker = new SyntaxToken(s.Substring(i, j - i), name, line.OriginalStart(i), line.OriginalEnd(i, j), i, j);
            (found ??= new List<HeredocSyntax>()).Add(new HeredocSyntax(name, strip, q != '\0', marker, string.Empty, 0, 0, false));
            i = j - 1;
        }

        return found ?? None;
    }
}
