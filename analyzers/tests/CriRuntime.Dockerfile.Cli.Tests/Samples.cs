namespace CriRuntime.Dockerfile.Cli.Tests;

/// <summary>Dockerfiles with known findings, and our rule ids looked up by the hadolint ids they stand for.</summary>
internal static class Samples
{
    /// <summary>An untagged base image: hadolint DL3006, a warning, on line 1.</summary>
    public const string Untagged = "FROM ubuntu\nRUN echo hello\n";

    /// <summary>A pinned base image and nothing else to say.</summary>
    public const string Clean = "FROM ubuntu:24.04\nCMD [\"echo\", \"hello\"]\n";

    public static string RuleId(string hadolintId) =>
        DockerfileLinter.Rules.First(r => string.Equals(r.HadolintId, hadolintId, StringComparison.OrdinalIgnoreCase)).Id;

    public static string UntaggedRule => RuleId("DL3006");
}
