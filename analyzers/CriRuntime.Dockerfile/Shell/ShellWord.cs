namespace CriRuntime.Dockerfile.Shell;

/// <summary>A shell word: logical offsets in its script's source, raw text and the unquoted value.</summary>
internal readonly struct ShellWord
{
    public ShellWord(int start, int end, string raw, string value)
    {
        Start = start;
        End = end;
        Raw = raw;
        Value = value;
    }

    public int Start { get; }

    public int End { get; }

    public string Raw { get; }

    /// <summary>Quotes and backslashes removed; <c>$(...)</c> and variables kept as written.</summary>
    public string Value { get; }

    public override string ToString() => Value;
}
