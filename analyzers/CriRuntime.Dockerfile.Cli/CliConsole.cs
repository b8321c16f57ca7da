namespace CriRuntime.Dockerfile.Cli;

/// <summary>Everything the command reads from its process, so tests can run it in-process.</summary>
internal sealed record CliConsole(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    bool OutputIsTerminal,
    string? NoColor,
    string CurrentDirectory)
{
    /// <summary>ANSI colours only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org).</summary>
    public bool UseColor => OutputIsTerminal && string.IsNullOrEmpty(NoColor);
}
