namespace CriRuntime.Dockerfile.Cli;

/// <summary>The configuration in force for one file: lint options and the failure threshold its files set, if any.</summary>
internal sealed record ResolvedConfig(LintOptions Options, Severity? FailureThreshold);
