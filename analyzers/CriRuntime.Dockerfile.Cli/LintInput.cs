namespace CriRuntime.Dockerfile.Cli;

/// <summary>One thing to lint: a file, or standard input when <see cref="FullPath"/> is null.</summary>
internal sealed record LintInput(string DisplayPath, string? FullPath)
{
    public static LintInput StandardInput { get; } = new("-", null);
}
