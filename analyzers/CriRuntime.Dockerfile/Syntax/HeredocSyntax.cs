namespace CriRuntime.Dockerfile;

/// <summary>A heredoc attached to RUN, COPY or ADD (<c>&lt;&lt;EOF</c> ... <c>EOF</c>).</summary>
public sealed class HeredocSyntax
{
    internal HeredocSyntax(string name, bool stripTabs, bool quoted, SyntaxToken marker, string content, int contentStart, int contentEnd, bool terminated)
    {
        Name = name;
        StripTabs = stripTabs;
        Quoted = quoted;
        Marker = marker;
        Content = content;
        ContentStart = contentStart;
        ContentEnd = contentEnd;
        Terminated = terminated;
    }

    public string Name { get; }

    /// <summary><c>&lt;&lt;-</c>: leading tabs are removed from the body.</summary>
    public bool StripTabs { get; }

    /// <summary>A quoted delimiter: the body is not expanded.</summary>
    public bool Quoted { get; }

    /// <summary>The <c>&lt;&lt;EOF</c> token on the instruction line.</summary>
    public SyntaxToken Marker { get; }

    public string Content { get; }

    public int ContentStart { get; }

    public int ContentEnd { get; }

    public bool Terminated { get; }
}
