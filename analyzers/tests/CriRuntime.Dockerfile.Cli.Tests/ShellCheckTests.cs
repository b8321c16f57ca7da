using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

/// <summary>--shellcheck runs the real shellcheck (tests/packages.txt installs it) on each RUN's script.</summary>
public sealed class ShellCheckTests
{
    [Fact]
    public void Findings_land_at_their_exact_line_and_column_across_continuations()
    {
        using var tree = new TempTree();
        // SC2164 (cd without || exit) on line 4, column 2: the RUN's second physical line, after a comment line and a tab.
        tree.Write("Dockerfile", "FROM debian:12-slim\nRUN echo start && \\\n# a comment\n\tcd /tmp; echo $HOME\n");
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--shellcheck", "Dockerfile");
        Assert.Contains("Dockerfile:4:2: warning: Use 'cd ... || exit'", run.Out, StringComparison.Ordinal);
        Assert.Contains("[SC2164]", run.Out, StringComparison.Ordinal);
        // SC2086 (unquoted $HOME) at its own column.
        Assert.Contains("Dockerfile:4:16: info: Double quote to prevent globbing and word splitting. [SC2086]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Heredoc_bodies_are_checked_at_their_lines()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", "FROM debian:12-slim\nRUN <<EOF\necho start\ncd /tmp\nEOF\n");
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--shellcheck", "Dockerfile");
        Assert.Contains("Dockerfile:4:1: warning: Use 'cd ... || exit'", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FROM debian:12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN [[ -f /x ]] && echo yes\n", false)]
    [InlineData("FROM debian:12-slim\nRUN [[ -f /x ]] && echo yes\n", true)]
    [InlineData("FROM alpine:3.20\nRUN [[ -f /x ]] && echo yes\n", true)]
    [InlineData("FROM debian:12-slim\nRUN [[ -f /x ]] && echo yes\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo ok\n", true)]
    public void Dialect_follows_shell_and_base_image(string dockerfile, bool bashismReported)
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", dockerfile);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--shellcheck", "Dockerfile");
        // SC3010: [[ ]] is undefined in POSIX sh (and dash).
        Assert.Equal(bashismReported, run.Out.Contains("[SC3010]", StringComparison.Ordinal));
    }

    [Fact]
    public void Sc_codes_can_be_ignored_by_option_and_pragma()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", "FROM debian:12-slim\n# hadolint ignore=SC2164\nRUN cd /tmp\nRUN cd /var\n");
        var run = CliRun.Of(tree.Root, "--format", "gnu", "--shellcheck", "Dockerfile");
        Assert.DoesNotContain("Dockerfile:3:", run.Out, StringComparison.Ordinal);
        Assert.Contains("Dockerfile:4:5: warning: Use 'cd ... || exit'", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SC2164", CliRun.Of(tree.Root, "--format", "gnu", "--shellcheck", "--ignore", "SC2164", "Dockerfile").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_option_shellcheck_is_not_run()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", "FROM debian:12-slim\nRUN cd /tmp\n");
        Assert.DoesNotContain("SC2164", CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile").Out, StringComparison.Ordinal);
    }
}
