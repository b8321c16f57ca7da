namespace CriRuntime.Shim.Logging;

/// <summary>
/// UTC timestamps as <c>2006-01-02T15:04:05.000000000Z</c>: always nine fraction digits, so every log line has
/// the same width; Go's RFC3339Nano parser (kubelet's) accepts any number of digits.
/// </summary>
internal static class Rfc3339Nano
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

    private static void Digits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
