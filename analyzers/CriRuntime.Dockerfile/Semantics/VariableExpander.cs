using System.Collections.Generic;
using System.Text;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>
/// Expands a Dockerfile word like BuildKit's word processing: quotes, the escape char, <c>$x</c>, <c>${x}</c>,
/// <c>${x:-d}</c>, <c>${x-d}</c>, <c>${x:+d}</c>, <c>${x+d}</c>, <c>${x:?m}</c> and the pattern forms.
/// Every variable met is reported through <paramref name="references"/>; unset ones expand to empty.
/// </summary>
internal static class VariableExpander
{
    public static string Expand(string raw, char escape, VariableScope scope, List<VariableReference>? references)
    {
        if (raw.IndexOf('$') < 0 && raw.IndexOf('"') < 0 && raw.IndexOf('\'') < 0 && raw.IndexOf(escape) < 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length + 16);
        var i = 0;
        Process(raw, ref i, raw.Length, escape, scope, references, sb, '\0');
        return sb.ToString();
    }

    /// <summary>True when the word refers to any variable.</summary>
    public static bool HasVariables(string raw) => raw.IndexOf('$') >= 0;

    private static void Process(string s, ref int i, int end, char escape, VariableScope scope, List<VariableReference>? refs, StringBuilder sb, char stopAt)
    {
        var quote = '\0';
        while (i < end)
        {
            var c = s[i];
            if (stopAt != '\0' && quote == '\0' && c == stopAt)
            {
                return;
            }

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

                i++;
                continue;
            }

            if (c == escape && i + 1 < end)
            {
                var n = s[i + 1];
                if (quote == '"' && n != '"' && n != escape && n != '$')
                {
                    sb.Append(c);
                    i++;
                    continue;
                }

                sb.Append(n);
                i += 2;
                continue;
            }

            if (c == '"' && quote == '\0')
            {
                quote = '"';
                i++;
                continue;
            }

            if (c == '"' && quote == '"')
            {
                quote = '\0';
                i++;
                continue;
            }

            if (c == '\'' && quote == '\0')
            {
                quote = '\'';
                i++;
                continue;
            }

            if (c == '$' && i + 1 < end)
            {
                ExpandVariable(s, ref i, end, escape, scope, refs, sb);
                continue;
            }

            sb.Append(c);
            i++;
        }
    }

    private static bool IsNameChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

    private static void ExpandVariable(string s, ref int i, int end, char escape, VariableScope scope, List<VariableReference>? refs, StringBuilder sb)
    {
        var start = i;
        var n = s[i + 1];
        if (n != '{')
        {
            var j = i + 1;
            while (j < end && IsNameChar(s[j]))
            {
                j++;
            }

            if (j == i + 1)
            {
                sb.Append('$');
                i++;
                return;
            }

            var name = s.Substring(i + 1, j - i - 1);
            i = j;
            refs?.Add(new VariableReference(name, start, j, false));
            if (Lookup(scope, name, out var v))
            {
                sb.Append(v);
            }

            return;
        }

        var k = i + 2;
        while (k < end && IsNameChar(s[k]))
        {
            k++;
        }

        var varName = s.Substring(i + 2, k - i - 2);
        if (k >= end)
        {
            sb.Append(s, i, end - i);
            i = end;
            return;
        }

        var defined = Lookup(scope, varName, out var value);
        if (s[k] == '}')
        {
            i = k + 1;
            refs?.Add(new VariableReference(varName, start, i, false));
            if (defined)
            {
                sb.Append(value);
            }

            return;
        }

        // Modifier: ':-', '-', ':+', '+', ':?', '?', '#', '##', '%', '%%', '/'.
        var colon = s[k] == ':';
        var opAt = colon ? k + 1 : k;
        var op = opAt < end ? s[opAt] : '\0';
        var wordStart = opAt + 1;
        if (op == '#' || op == '%' || op == '/')
        {
            while (wordStart < end && (s[wordStart] == '#' || s[wordStart] == '%' || s[wordStart] == '/'))
            {
                wordStart++;
            }
        }

        var word = new StringBuilder();
        var w = wordStart;
        Process(s, ref w, end, escape, scope, refs, word, '}');
        i = w < end ? w + 1 : end;
        var isSet = defined && (!colon || !string.IsNullOrEmpty(value));
        switch (op)
        {
            case '-':
                sb.Append(isSet ? value : word.ToString());
                break;
            case '+':
                if (isSet)
                {
                    sb.Append(word);
                }

                break;
            default:
                if (defined)
                {
                    sb.Append(value);
                }

                break;
        }

        refs?.Add(new VariableReference(varName, start, i, op == '-' || op == '+'));
    }

    private static bool Lookup(VariableScope scope, string name, out string? value)
    {
        if (scope.TryGet(name, out value))
        {
            // Declared without a value (ARG x): expands to empty but is not "undefined".
            value ??= string.Empty;
            return true;
        }

        return false;
    }
}
