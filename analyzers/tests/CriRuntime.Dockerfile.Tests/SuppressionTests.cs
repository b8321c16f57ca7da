using Xunit;

namespace CriRuntime.Dockerfile.Tests;

public sealed class SuppressionTests
{
    private const string Unpinned = "FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends a && rm -rf /var/lib/apt/lists/*\n";

    [Theory]
    [InlineData("# hadolint ignore=DL3008\n")]
    [InlineData("# hadolint ignore=DL3015,DL3008\n")]
    [InlineData("# hadolint ignore=DL3015, DL3008 because reasons\n")]
    [InlineData("# dockerfile-lint ignore=DF3008\n")]
    [InlineData("# dockerfile-lint ignore=DL3008\n")]
    public void Pragma_on_the_line_before_suppresses_that_instruction_only(string pragma)
    {
        var text = "FROM debian:12-slim\n" + pragma + "RUN apt-get install -y --no-install-recommends a\nRUN apt-get install -y --no-install-recommends b\n";
        var findings = Lints.Of(text, "DF3008");
        var finding = Assert.Single(findings);
        Assert.Equal("b", Lints.Covered(text, finding));
    }

    [Theory]
    [InlineData("# hadolint global ignore=DL3008\n")]
    [InlineData("# dockerfile-lint global ignore=DF3008,DF3005\n")]
    public void Global_pragma_suppresses_everywhere(string pragma)
    {
        var text = Unpinned + pragma + "RUN apt-get install -y --no-install-recommends b\n";
        Assert.Empty(Lints.Of(text, "DF3008"));
    }

    [Fact]
    public void Buildkit_check_directive_skips_by_check_name()
    {
        var text = "# check=skip=JSONArgsRecommended,StageNameCasing\nFROM alpine:3.20 AS Build\nCMD echo hi\n";
        var findings = DockerfileLinter.Lint(text).Findings;
        Assert.DoesNotContain(findings, f => f.Rule.Id is "DF4002" or "DF4007");
    }

    [Fact]
    public void Buildkit_check_directive_can_skip_all_and_make_checks_errors()
    {
        Assert.DoesNotContain(DockerfileLinter.Lint("# check=skip=all\nFROM alpine:3.20 as b\n").Findings, f => f.Rule.BuildKitCheck != null);
        var asError = DockerfileLinter.Lint("# check=error=true\nFROM alpine:3.20 as b\n").Findings.Single(f => f.Rule.Id == "DF4008");
        Assert.Equal(Severity.Error, asError.Severity);
    }

    [Fact]
    public void Options_accept_our_ids_hadolint_ids_and_check_names()
    {
        var options = new LintOptions();
        options.Ignored.Add("DL3008");
        options.Ignored.Add("JSONArgsRecommended");
        options.SeverityOverrides["DL3015"] = Severity.Error;
        options.SeverityOverrides["DF3005"] = Severity.None;
        var text = "FROM debian:12-slim\nRUN apt-get install -y a\nCMD echo hi\n";
        var findings = DockerfileLinter.Lint(text, options).Findings;
        Assert.DoesNotContain(findings, f => f.Rule.Id is "DF3008" or "DF4002" or "DF3005");
        Assert.Equal(Severity.Error, findings.Single(f => f.Rule.Id == "DF3003").Severity);
    }

    [Fact]
    public void Override_by_our_id_wins_over_the_hadolint_alias()
    {
        var options = new LintOptions();
        options.SeverityOverrides["DF3003"] = Severity.Style;
        options.SeverityOverrides["DL3015"] = Severity.Error;
        var finding = DockerfileLinter.Lint("FROM debian:12-slim\nRUN apt-get install -y a=1\n", options).Findings.Single(f => f.Rule.Id == "DF3003");
        Assert.Equal(Severity.Style, finding.Severity);
    }

    [Fact]
    public void Rule_ids_resolve_from_every_spelling()
    {
        Assert.Equal(new[] { "DF3008" }, DockerfileLinter.ResolveRuleId("DL3008"));
        Assert.Equal(new[] { "DF3008" }, DockerfileLinter.ResolveRuleId("df3008"));
        Assert.Equal(new[] { "DF1019" }, DockerfileLinter.ResolveRuleId("WorkdirRelativePath"));
        Assert.Equal(3, DockerfileLinter.ResolveRuleId("MultipleInstructionsDisallowed").Count);
        Assert.Equal(new[] { "DF3004" }, DockerfileLinter.ResolveRuleId("DL3031"));
    }
}
