using System.Text;

namespace CriRuntime.Core.Errors;

/// <summary>Caller-supplied text made fit to quote in an error message or a log line.</summary>
public static class SafeText
{
    /// <summary>
    /// <paramref name="value"/> with control characters escaped (<c>\u000a</c>: no forged log lines) and cut to
    /// <paramref name="max"/> characters followed by <c>...</c> (a 10 MB id must not come back in a status or a log).
    /// </summary>
    public static string Clip(string value, int max = 200)
    {
        var cut = value.Length > max;
        var shown = cut ? value.AsSpan(0, max) : value.AsSpan();
        if (!cut && !shown.ContainsAny(ControlCharacters))
        {
            return value;
        }

        var text = new StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            if (char.IsControl(c))
            {
                text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return cut ? text.Append("...").ToString() : text.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 32).Select(i => (char)i).Append((char)127).Concat(Enumerable.Range(128, 32).Select(i => (char)i)).ToArray());
}
