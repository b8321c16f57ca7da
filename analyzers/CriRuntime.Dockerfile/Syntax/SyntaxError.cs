namespace CriRuntime.Dockerfile;

/// <summary>A parse error; it becomes a finding of the syntax rule and parsing goes on.</summary>
public sealed class SyntaxError
{
    internal SyntaxError(string message, int start, int end)
    {
        Message = message;
        Start = start;
        End = end;
    }

    public string Message { get; }

    public int Start { get; }

    public int End { get; }
}
