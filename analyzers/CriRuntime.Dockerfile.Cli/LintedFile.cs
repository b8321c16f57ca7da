namespace CriRuntime.Dockerfile.Cli;

/// <summary>
/// One linted file and what was found in it, in position order; its full path (null for standard input), text and
/// the failure threshold in force for it, for the baseline and the exit code.
/// </summary>
internal sealed record LintedFile(string DisplayPath, IReadOnlyList<Finding> Findings, string? FullPath = null, string Text = "", Severity Threshold = CliOptions.DefaultThreshold)
{
    public bool Fails => Threshold != Severity.None && Findings.Any(f => f.Severity <= Threshold);
}
