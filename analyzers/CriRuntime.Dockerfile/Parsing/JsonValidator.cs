namespace CriRuntime.Dockerfile.Parsing;

/// <summary>
/// Checks whether text is any valid JSON value. BuildKit falls back to shell form for text that is not JSON,
/// but rejects JSON that is valid yet not an array of strings; this tells the two apart.
/// </summary>
internal static class JsonValidator
{
    public static bool IsValid(string s, int start, int end)
    {
        var i = start;
        if (!Value(s, ref i, end, 0))
        {
            return false;
        }

        return Words.SkipSpaces(s, i, end) == end;
    }

    private static bool Value(string s, ref int i, int end, int depth)
    {
        i = Words.SkipSpaces(s, i, end);
        if (i >= end || depth > 64)
        {
            return false;
        }

        switch (s[i])
        {
            case '[':
                return Container(s, ref i, end, depth, ']', false);
            case '{':
                return Container(s, ref i, end, depth, '}', true);
            case '"':
                return String(s, ref i, end);
            case 't':
                return Literal(s, ref i, end, "true");
            case 'f':
                return Literal(s, ref i, end, "false");
            case 'n':
                return Literal(s, ref i, end, "null");
            default:
                return Number(s, ref i, end);
        }
    }

    private static bool Container(string s, ref int i, int end, int depth, char close, bool isObject)
    {
        i = Words.SkipSpaces(s, i + 1, end);
        if (i < end && s[i] == close)
        {
            i++;
            return true;
        }

        while (i < end)
        {
            if (isObject)
            {
                i = Words.SkipSpaces(s, i, end);
                if (i >= end || s[i] != '"' || !String(s, ref i, end))
                {
                    return false;
                }

                i = Words.SkipSpaces(s, i, end);
                if (i >= end || s[i] != ':')
                {
                    return false;
                }

                i++;
            }

            if (!Value(s, ref i, end, depth + 1))
            {
                return false;
            }

            i = Words.SkipSpaces(s, i, end);
            if (i < end && s[i] == ',')
            {
                i++;
                continue;
            }

            if (i < end && s[i] == close)
            {
                i++;
                return true;
            }

            return false;
        }

        return false;
    }

    private static bool String(string s, ref int i, int end)
    {
        i++;
        while (i < end)
        {
            var c = s[i];
            if (c == '"')
            {
                i++;
                return true;
            }

            if (c == '\\')
            {
                i++;
            }
            else if (c < ' ')
            {
                return false;
            }

            i++;
        }

        return false;
    }

    private static bool Literal(string s, ref int i, int end, string word)
    {
        if (end - i < word.Length || string.CompareOrdinal(s, i, word, 0, word.Length) != 0)
        {
            return false;
        }

        i += word.Length;
        return true;
    }

    private static bool Number(string s, ref int i, int end)
    {
        var start = i;
        while (i < end && (char.IsDigit(s[i]) || s[i] == '-' || s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
        {
            i++;
        }

        return i > start;
    }
}
