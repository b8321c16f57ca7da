using System.Globalization;

namespace CriRuntime.Cli.Logs;

/// <summary>
/// One line of a CRI container log file, as the kubelet's log format defines it:
/// <c>&lt;RFC 3339 nano timestamp&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;content&gt;</c>, where P marks a partial line
/// whose content continues in the next line of the same stream and F a full (last) one.
/// </summary>
internal readonly record struct CriLogLine(DateTimeOffset Time, string Timestamp, bool Stderr, bool Partial, string Content)
{
    /// <summary>Parses one line (without its newline); false for a line not in the format (it is skipped, as kubelet does).</summary>
    public static bool TryParse(string line, out CriLogLine parsed)
    {
        parsed = default;
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        if (first <= 0)
        {
            return false;
        }

        var second = line.IndexOf(' ', first + 1);
        if (second < 0)
        {
            return false;
        }

        var timestamp = line[..first];
        var stream = line.AsSpan(first + 1, second - first - 1);
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || (stream is not "stdout" and not "stderr"))
        {
            return false;
        }

        // The tag field is optional in old files; a line "ts stream content" is a full line.
        var rest = line[(second + 1)..];
        var partial = false;
        if (rest.Length >= 1 && (rest[0] is 'P' or 'F') && (rest.Length == 1 || rest[1] == ' '))
        {
            partial = rest[0] == 'P';
            rest = rest.Length > 1 ? rest[2..] : "";
        }

        parsed = new CriLogLine(time, timestamp, stream is "stderr", partial, rest);
        return true;
    }
}
