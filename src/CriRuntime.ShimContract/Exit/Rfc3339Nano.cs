using System.Globalization;

namespace CriRuntime.ShimContract.Exit;

/// <summary>
/// UTC timestamps as <c>2006-01-02T15:04:05.000000000Z</c>: always nine fraction digits, so every log line has
/// the same width; Go's RFC3339Nano parser (kubelet's) accepts any number of digits.
/// </summary>
public static class Rfc3339Nano
{
    public const int Length = 30;

    public static int Format(long unixNanoseconds, Span<byte> destination)
    {
        var seconds = Math.DivRem(unixNanoseconds, 1_000_000_000L, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }

        var t = DateTime.UnixEpoch.AddSeconds(seconds);
        var d = destination[..Length];
        Digits(d[..4], t.Year);
        d[4] = (byte)'-';
        Digits(d.Slice(5, 2), t.Month);
        d[7] = (byte)'-';
        Digits(d.Slice(8, 2), t.Day);
        d[10] = (byte)'T';
        Digits(d.Slice(11, 2), t.Hour);
        d[13] = (byte)':';
        Digits(d.Slice(14, 2), t.Minute);
        d[16] = (byte)':';
        Digits(d.Slice(17, 2), t.Second);
        d[19] = (byte)'.';
        Digits(d.Slice(20, 9), nanos);
        d[29] = (byte)'Z';
        return Length;
    }

    public static string ToString(long unixNanoseconds)
    {
        Span<byte> buffer = stackalloc byte[Length];
        Format(unixNanoseconds, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    /// <summary>
    /// Parses RFC 3339 with any number of fraction digits (nine kept; .NET alone keeps seven), a missing offset
    /// meaning UTC.
    /// </summary>
    public static bool TryParse(string text, out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        var fraction = 0L;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = text.AsSpan(dot + 1, Math.Min(end - dot - 1, 9));
            for (var i = 0; i < 9; i++)
            {
                fraction = (fraction * 10) + (i < digits.Length ? digits[i] - '0' : 0);
            }

            text = text[..dot] + text[end..];
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        unixNanoseconds = ((time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100) + fraction;
        return true;
    }

    private static void Digits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
