namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary>1-based positions for people and tools; the core's spans are 0-based. End columns are exclusive.</summary>
internal static class Positions
{
    public static int Line(this SourceSpan span) => span.StartLine + 1;

    public static int Column(this SourceSpan span) => span.StartColumn + 1;

    public static int EndLine(this SourceSpan span) => span.EndLine + 1;

    public static int EndColumn(this SourceSpan span) => span.EndColumn + 1;

    public static string Name(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "info",
        Severity.Style => "style",
        _ => "none",
    };
}
