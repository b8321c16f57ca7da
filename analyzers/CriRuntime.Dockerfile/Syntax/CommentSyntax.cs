namespace CriRuntime.Dockerfile;

/// <summary>A comment line (<c># ...</c>), including those inside continuation lines.</summary>
public sealed class CommentSyntax
{
    internal CommentSyntax(string text, int start, int end)
    {
        Text = text;
        Start = start;
        End = end;
    }

    /// <summary>Text after '#', trimmed.</summary>
    public string Text { get; }

    public int Start { get; }

    public int End { get; }
}
