using System.Buffers;

namespace CriRuntime.Shim.Logging;

/// <summary>
/// Turns bytes read from a container stream into CRI log lines, <c>TIMESTAMP STREAM TAG TEXT\n</c>.
/// Each complete line is one <c>F</c> entry; a line longer than <see cref="MaxLineBytes"/> is cut into <c>P</c>
/// entries of that size ending with an <c>F</c> entry; bytes after the last newline of a read are written at once as
/// a <c>P</c> entry (nothing waits in the shim for a newline that may never come). Kubelet joins P entries until an F.
/// </summary>
internal static class CriLogFormatter
{
    /// <summary>16 KiB, the line size containerd and CRI-O also split at.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private static ReadOnlySpan<byte> StdoutTag => " stdout "u8;

    private static ReadOnlySpan<byte> StderrTag => " stderr "u8;

    /// <summary>Appends the entries for one read's worth of <paramref name="chunk"/>, all stamped with one timestamp.</summary>
    public static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> timestamp, LogStream stream, ReadOnlySpan<byte> chunk, int maxLineBytes = MaxLineBytes)
    {
        var rest = chunk;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            while (line.Length > maxLineBytes)
            {
                Entry(output, timestamp, stream, 'P', line[..maxLineBytes]);
                line = line[maxLineBytes..];
            }

            if (newline < 0)
            {
                if (!line.IsEmpty)
                {
                    Entry(output, timestamp, stream, 'P', line);
                }

                return;
            }

            Entry(output, timestamp, stream, 'F', line);
            rest = rest[(newline + 1)..];
        }
    }

    private static void Entry(IBufferWriter<byte> output, ReadOnlySpan<byte> timestamp, LogStream stream, char tag, ReadOnlySpan<byte> text)
    {
        var size = timestamp.Length + StdoutTag.Length + 2 + text.Length + 1;
        var span = output.GetSpan(size);
        timestamp.CopyTo(span);
        var at = timestamp.Length;
        (stream == LogStream.Stdout ? StdoutTag : StderrTag).CopyTo(span[at..]);
        at += StdoutTag.Length;
        span[at++] = (byte)tag;
        span[at++] = (byte)' ';
        text.CopyTo(span[at..]);
        at += text.Length;
        span[at++] = (byte)'\n';
        output.Advance(at);
    }
}
