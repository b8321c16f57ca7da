using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var run = CliRun.Of(Path.GetTempPath(), "--frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--frobnicate'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ignore", "DL9999")]
    [InlineData("--error", "DF9999")]
    [InlineData("--ignore", "NoSuchCheck")]
    public void Unknown_rule_id_is_a_usage_error(string option, string id)
    {
        var run = CliRun.Of(Path.GetTempPath(), option, id);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"unknown rule id '{id}' for '{option}'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Shellcheck_codes_are_accepted_rule_ids()
    {
        Assert.Equal(["SC2086"], CommandLineParser.Parse(["--ignore", "SC2086"]).Ignored);
    }

    [Fact]
    public void Missing_option_value_is_a_usage_error()
    {
        var run = CliRun.Of(Path.GetTempPath(), "--format");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs a value", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--failure-threshold", "fatal")]
    public void Bad_option_value_is_a_usage_error(string option, string value)
    {
        Assert.Equal(2, CliRun.Of(Path.GetTempPath(), option, value).ExitCode);
    }

    [Fact]
    public void Help_prints_usage_and_exit_codes()
    {
        var run = CliRun.Of(Path.GetTempPath(), "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: dockerfile-lint", run.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void List_rules_prints_one_line_per_rule_with_its_hadolint_id()
    {
        var run = CliRun.Of(Path.GetTempPath(), "--list-rules");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DockerfileLinter.Rules.Count, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(Samples.UntaggedRule + "\tDL3006\twarning\t", StringComparison.Ordinal));
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var run = CliRun.Of(Path.GetTempPath(), "--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^dockerfile-lint \d+\.\d+\.\d+", run.Out);
    }

    [Fact]
    public void Parser_accepts_inline_values_and_repeated_ignores()
    {
        var options = CommandLineParser.Parse(["--format=json", "-t", "error", "--ignore", "DL3006", "--ignore=DF1002", "--warning", "JSONArgsRecommended", "--", "-x", "-"]);
        Assert.Equal(OutputFormat.Json, options.Format);
        Assert.Equal(Severity.Error, options.FailureThreshold);
        Assert.Equal(["DL3006", "DF1002"], options.Ignored);
        Assert.Equal(Severity.Warning, options.SeverityOverrides["JSONArgsRecommended"]);
        Assert.Equal(["-x", "-"], options.Inputs);
    }

    [Fact]
    public void Missing_file_is_an_io_error()
    {
        using var tree = new TempTree();
        var run = CliRun.Of(tree.Root, "nope.Dockerfile");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.Dockerfile: no such file or directory", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_argument_and_no_Dockerfile_is_a_usage_error()
    {
        using var tree = new TempTree();
        Assert.Equal(2, CliRun.Of(tree.Root).ExitCode);
    }

    [Fact]
    public void Unreadable_config_is_an_io_error()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Clean);
        var run = CliRun.Of(tree.Root, "--config", "missing.yaml", "Dockerfile");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing.yaml", run.Error, StringComparison.Ordinal);
    }
}
