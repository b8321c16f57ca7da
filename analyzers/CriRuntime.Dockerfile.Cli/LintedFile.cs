namespace CriRuntime.Dockerfile.Cli;

/// <summary>One linted file and what was found in it, in position order.</summary>
internal sealed record LintedFile(string DisplayPath, IReadOnlyList<Finding> Findings);
