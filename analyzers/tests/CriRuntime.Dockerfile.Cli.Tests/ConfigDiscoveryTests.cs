using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

public sealed class ConfigDiscoveryTests
{
    [Fact]
    public void Config_in_the_files_directory_applies()
    {
        using var tree = new TempTree();
        tree.Mkdir(".git");
        tree.Write("svc/Dockerfile", Samples.Untagged);
        tree.Write("svc/.hadolint.yaml", "ignored:\n  - DL3006\n");
        var run = CliRun.Of(tree.Root, "--format", "gnu", "svc/Dockerfile");
        Assert.DoesNotContain(Samples.UntaggedRule, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_config_is_inherited_and_nearer_config_overrides_it()
    {
        using var tree = new TempTree();
        tree.Mkdir(".git");
        tree.Write(".hadolint.yaml", "failure-threshold: error\noverride:\n  info:\n    - DL3006\n");
        tree.Write("svc/a/Dockerfile", Samples.Untagged);
        tree.Write("svc/b/Dockerfile", Samples.Untagged);
        tree.Write("svc/b/.dockerfile-lint.yaml", "override:\n  error:\n    - DL3006\n");

        var inherited = CliRun.Of(tree.Root, "--format", "gnu", "svc/a/Dockerfile");
        Assert.Contains($": info: ", inherited.Out, StringComparison.Ordinal);
        Assert.Equal(0, inherited.ExitCode);

        var overridden = CliRun.Of(tree.Root, "--format", "gnu", "svc/b/Dockerfile");
        Assert.Contains($": error: ", overridden.Out, StringComparison.Ordinal);
        Assert.Equal(1, overridden.ExitCode);
    }

    [Fact]
    public void Discovery_stops_at_the_repository_root()
    {
        using var tree = new TempTree();
        tree.Write(".hadolint.yaml", "ignored:\n  - DL3006\n");
        tree.Mkdir("repo/.git");
        tree.Write("repo/Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "repo/Dockerfile");
        Assert.Contains(Samples.UntaggedRule, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_config_replaces_discovery()
    {
        using var tree = new TempTree();
        tree.Mkdir(".git");
        tree.Write(".hadolint.yaml", "ignored:\n  - DL3006\n");
        tree.Write("other.yaml", "failure-threshold: none\n");
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--config", "other.yaml", "Dockerfile");
        Assert.Contains(Samples.UntaggedRule, run.Out, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Command_line_threshold_beats_the_config()
    {
        using var tree = new TempTree();
        tree.Mkdir(".git");
        tree.Write(".hadolint.yaml", "failure-threshold: none\n");
        tree.Write("Dockerfile", Samples.Untagged);
        Assert.Equal(0, CliRun.Of(tree.Root, "Dockerfile").ExitCode);
        Assert.Equal(1, CliRun.Of(tree.Root, "-t", "warning", "Dockerfile").ExitCode);
    }

    [Fact]
    public void Dockerignore_of_the_Dockerfile_or_its_directory_is_used()
    {
        var rule = DockerfileLinter.Rules.Single(r => r.BuildKitCheck == "CopyIgnoredFile");
        using var tree = new TempTree();
        tree.Write("Dockerfile", "FROM ubuntu:24.04\nCOPY secret.txt /app/\n");
        tree.Write("prod.Dockerfile", "FROM ubuntu:24.04\nCOPY secret.txt /app/\n");
        tree.Write(".dockerignore", "secret.txt\n");
        tree.Write("prod.Dockerfile.dockerignore", "other.txt\n");
        var run = CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile", "prod.Dockerfile");
        Assert.Contains($"Dockerfile:2:", run.Out, StringComparison.Ordinal);
        Assert.Contains($"[{rule.Id}]", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Out.Split('\n'), l => l.StartsWith("prod.Dockerfile", StringComparison.Ordinal) && l.Contains(rule.Id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ignored: DL3008\n", 1, "key 'ignored': expected a list of rule ids, got a single value")]
    [InlineData("ignored:\n  - DL9999\n", 1, "key 'ignored': unknown rule id 'DL9999'")]
    [InlineData("override:\n  critical:\n    - DL3008\n", 2, "key 'override.critical': unknown severity")]
    [InlineData("failure-threshold: high\n", 1, "key 'failure-threshold': unknown severity 'high'")]
    [InlineData("ignored:\n  - DL3008\nthis is not yaml\n", 3, "cannot read 'this is not yaml'")]
    [InlineData("ignore:\n  - DL3008\n", 1, "key 'ignore': unknown key")]
    [InlineData("trustedRegistries: [docker.io\n", 1, "key 'trustedRegistries': a '[' list without its closing ']'")]
    [InlineData("strict-labels: maybe\n", 1, "key 'strict-labels': 'maybe' is not true or false")]
    public void Config_that_cannot_be_applied_stops_with_one_line_naming_file_key_and_problem(string yaml, int line, string problem)
    {
        using var tree = new TempTree();
        tree.Mkdir(".git");
        tree.Write(".hadolint.yaml", yaml);
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dockerfile-lint: {Path.Combine(tree.Root, ".hadolint.yaml")}:{line}: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_config_gets_its_own_line()
    {
        using var tree = new TempTree();
        tree.Mkdir(".git");
        tree.Write(".hadolint.yaml", "ignored: DL3006\noverride: { error: [DL3008] }\nstrict-labels: maybe\n");
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile");
        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"dockerfile-lint: {Path.Combine(tree.Root, ".hadolint.yaml")}:1: key 'ignored'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"dockerfile-lint: {Path.Combine(tree.Root, ".hadolint.yaml")}:3: key 'strict-labels'", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_config_file_is_named_in_words()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "-c", "missing.yaml", "Dockerfile");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{Path.Combine(tree.Root, "missing.yaml")}: no such file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_can_disable_ignore_pragmas()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", "# hadolint ignore=DL3006\n" + Samples.Untagged);
        Assert.DoesNotContain(Samples.UntaggedRule, CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile").Out, StringComparison.Ordinal);
        Assert.Contains(Samples.UntaggedRule, CliRun.Of(tree.Root, "--format", "gnu", "--disable-ignore-pragma", "Dockerfile").Out, StringComparison.Ordinal);
    }
}
