namespace CriRuntime.Dockerfile;

/// <summary>A word of an instruction: its text as written (continuations removed), its unquoted value and its offsets in the file.</summary>
public readonly struct SyntaxToken
{
    internal SyntaxToken(string text, string value, int start, int end, int logicalStart, int logicalEnd)
    {
        Text = text;
        Value = value;
        Start = start;
        End = end;
        LogicalStart = logicalStart;
        LogicalEnd = logicalEnd;
    }

    /// <summary>The token as written, quotes included, continuation lines joined.</summary>
    public string Text { get; }

    /// <summary>The token with quotes and escapes removed (variables not expanded).</summary>
    public string Value { get; }

    /// <summary>Offset of the first character in the file.</summary>
    public int Start { get; }

    /// <summary>Offset just past the last character in the file.</summary>
    public int End { get; }

    internal int LogicalStart { get; }

    internal int LogicalEnd { get; }

    public bool IsMissing => Text is null;

    public override string ToString() => Text ?? string.Empty;
}
