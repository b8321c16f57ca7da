namespace CriRuntime.Dockerfile;

/// <summary>A parser directive at the top of the file (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>).</summary>
public sealed class ParserDirective
{
    internal ParserDirective(string name, string value, int start, int end, int valueStart, int valueEnd)
    {
        Name = name;
        Value = value;
        Start = start;
        End = end;
        ValueStart = valueStart;
        ValueEnd = valueEnd;
    }

    /// <summary>Lower-case directive name.</summary>
    public string Name { get; }

    public string Value { get; }

    public int Start { get; }

    public int End { get; }

    /// <summary>Offset of the value's first character.</summary>
    public int ValueStart { get; }

    /// <summary>Offset past the value's last character.</summary>
    public int ValueEnd { get; }
}
