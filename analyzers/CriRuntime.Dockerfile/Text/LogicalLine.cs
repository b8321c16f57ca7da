namespace CriRuntime.Dockerfile.Text;

/// <summary>
/// An instruction's text with line continuations and interleaved comments removed, plus a map from
/// every logical character back to its offset in the file, so tokens keep exact spans.
/// </summary>
internal sealed class LogicalLine
{
    public LogicalLine(string text, int[] map)
    {
        Text = text;
        Map = map;
    }

    public string Text { get; }

    /// <summary>Original offset per logical char; one extra entry holds the end offset.</summary>
    public int[] Map { get; }

    public int Length => Text.Length;

    public int OriginalStart(int logical) => Map[logical];

    public int OriginalEnd(int logicalStart, int logicalEnd)
        => logicalEnd > logicalStart ? Map[logicalEnd - 1] + 1 : Map[logicalStart];

    /// <summary>A contiguous run of the file (heredoc bodies): the map is the identity plus an offset.</summary>
    public static LogicalLine Contiguous(string text, int originalStart)
    {
        var map = new int[text.Length + 1];
        for (var i = 0; i <= text.Length; i++)
        {
            map[i] = originalStart + i;
        }

        return new LogicalLine(text, map);
    }

    public LogicalLine Slice(int start)
    {
        var len = Text.Length - start;
        var map = new int[len + 1];
        System.Array.Copy(Map, start, map, 0, len + 1);
        return new LogicalLine(Text.Substring(start), map);
    }
}
