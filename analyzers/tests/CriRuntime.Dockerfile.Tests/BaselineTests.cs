using Xunit;

namespace CriRuntime.Dockerfile.Tests;

public sealed class BaselineTests
{
    private const string Today = "FROM ubuntu\nRUN apt-get update && apt-get install -y curl\n";

    private static Baseline Recorded() => Baseline.Parse(Baseline.Write([("svc/Dockerfile", Today, DockerfileLinter.Lint(Today).Findings)]));

    [Fact]
    public void Recorded_findings_are_not_new()
    {
        var findings = DockerfileLinter.Lint(Today).Findings;
        Assert.NotEmpty(findings);
        Assert.Empty(Recorded().NewFindings("svc/Dockerfile", Today, findings));
    }

    [Fact]
    public void Entries_survive_lines_added_above_and_new_findings_are_reported()
    {
        var tomorrow = "# a comment\n" + Today + "RUN apt-get install -y wget\n";
        var fresh = Recorded().NewFindings("svc/Dockerfile", tomorrow, DockerfileLinter.Lint(tomorrow).Findings);
        Assert.NotEmpty(fresh);
        Assert.All(fresh, f => Assert.Equal(3, f.Span.StartLine));
    }

    [Fact]
    public void Entries_belong_to_their_file_and_absorb_one_finding_each()
    {
        var findings = DockerfileLinter.Lint(Today).Findings;
        Assert.Equal(findings.Count, Recorded().NewFindings("other/Dockerfile", Today, findings).Count);
        var twice = Today + "RUN apt-get update && apt-get install -y curl\n";
        var fresh = Recorded().NewFindings("svc/Dockerfile", twice, DockerfileLinter.Lint(twice).Findings);
        Assert.Contains(fresh, f => f.Span.StartLine == 2);
    }

    [Fact]
    public void The_file_is_a_header_and_sorted_tab_separated_lines()
    {
        var text = Baseline.Write([("svc\\Dockerfile", Today, DockerfileLinter.Lint(Today).Findings)]);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(Baseline.Header, lines[0]);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("svc/Dockerfile\tDF", l, StringComparison.Ordinal));
        Assert.Equal(lines.Skip(1).Order(StringComparer.Ordinal), lines.Skip(1));
    }
}
