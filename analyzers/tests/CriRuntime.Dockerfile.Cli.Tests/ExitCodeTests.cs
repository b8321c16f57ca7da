using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public void Clean_file_exits_zero_and_prints_nothing()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Clean);
        var run = CliRun.Of(tree.Root, "Dockerfile");
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void No_argument_lints_the_Dockerfile_of_the_current_directory()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Dockerfile:1:", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("info", 1)]
    [InlineData("style", 1)]
    [InlineData("none", 0)]
    public void Failure_threshold_decides_between_zero_and_one(string threshold, int expected)
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--failure-threshold", threshold, "--format", "gnu", "Dockerfile");
        Assert.Equal(expected, run.ExitCode);
        Assert.Contains($"[{Samples.UntaggedRule}]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignored_rule_is_not_reported()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--ignore", Samples.UntaggedRule, "Dockerfile");
        Assert.DoesNotContain($"[{Samples.UntaggedRule}]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignore_accepts_the_hadolint_id()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--ignore", "DL3006", "Dockerfile");
        Assert.DoesNotContain($"[{Samples.UntaggedRule}]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Severity_override_flag_changes_the_reported_severity()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--error", "DL3006", "-t", "error", "Dockerfile");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($": error: ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Io_error_wins_over_findings()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile", "missing/Dockerfile");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Dockerfile:1:", run.Out, StringComparison.Ordinal);
    }
}
