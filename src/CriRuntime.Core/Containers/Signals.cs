using System.Globalization;

namespace CriRuntime.Core.Containers;

/// <summary>Linux signal numbers (x86-64 and arm64 agree on these) and parsing of image STOPSIGNAL values.</summary>
public static class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private static readonly Dictionary<string, int> ByName = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6, ["BUS"] = 7,
        ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14,
        ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21,
        ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28,
        ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    /// <summary>Parses <c>SIGTERM</c>, <c>TERM</c>, <c>15</c>, <c>SIGRTMIN+3</c>; null when it is none of those.</summary>
    public static int? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim().ToUpperInvariant();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is > 0 and < 65 ? number : null;
        }

        if (text.StartsWith("SIG", StringComparison.Ordinal))
        {
            text = text[3..];
        }

        if (ByName.TryGetValue(text, out var known))
        {
            return known;
        }

        if (text.StartsWith("RTMIN", StringComparison.Ordinal))
        {
            var offset = text.Length == 5 ? 0 : int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var o) && text[5] == '+' ? o : -1;
            return offset is >= 0 and <= 30 ? 34 + offset : null;
        }

        if (text.StartsWith("RTMAX", StringComparison.Ordinal))
        {
            var offset = text.Length == 5 ? 0 : int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var o) && text[5] == '-' ? o : -1;
            return offset is >= 0 and <= 30 ? 64 - offset : null;
        }

        return null;
    }
}
