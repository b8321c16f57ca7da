namespace CriRuntime.Dockerfile.Analyzers.Tests;

internal static class Samples
{
    /// <summary>An untagged base image: hadolint DL3006, a warning, on line 1.</summary>
    public const string Untagged = "FROM ubuntu\nRUN echo hello\n";

    public static RuleDescriptor Rule(string hadolintId) =>
        DockerfileLinter.Rules.First(r => string.Equals(r.HadolintId, hadolintId, StringComparison.OrdinalIgnoreCase));

    public static Finding Single(string dockerfile, string hadolintId) =>
        DockerfileLinter.Lint(dockerfile).Findings.Single(f => f.Rule == Rule(hadolintId));
}
