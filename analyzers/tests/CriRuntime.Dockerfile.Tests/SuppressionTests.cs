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
    public void Stage_pragma_before_from_suppresses_that_stage_only()
    {
        var text = "# hadolint stage ignore=DL3008\nFROM debian:12-slim AS build\nRUN apt-get install -y --no-install-recommends a\nRUN apt-get install -y --no-install-recommends b\nFROM debian:12-slim\nRUN apt-get install -y --no-install-recommends c\n";
        var finding = Assert.Single(Lints.Of(text, "DF3008"));
        Assert.Equal("c", Lints.Covered(text, finding));
    }

    [Theory]
    [InlineData("# hadolint ignore=DL3008\n")]
    [InlineData("# hadolint global ignore=DL3008\n")]
    [InlineData("# hadolint stage ignore=DL3008\n")]
    public void Disabled_ignore_pragmas_are_not_honoured(string pragma)
    {
        var text = "FROM debian:12-slim\n" + pragma + "RUN apt-get install -y --no-install-recommends a\n";
        Assert.DoesNotContain(DockerfileLinter.Lint(text).Findings, f => f.Rule.Id == "DF3008");
        var options = new LintOptions { DisableIgnorePragmas = true };
        Assert.Single(DockerfileLinter.Lint(text, options).Findings, f => f.Rule.Id == "DF3008");
    }

    [Fact]
    public void Disable_ignore_pragma_is_read_from_hadolint_yaml()
    {
        Assert.True(HadolintConfig.Parse("disable-ignore-pragma: true\n").DisableIgnorePragmas);
        Assert.False(HadolintConfig.Parse("ignored: [DL3008]\n").DisableIgnorePragmas);
    }

    [Theory]
    [InlineData("DL1000", "DF1000")]
    [InlineData("DL1001", "DF4021")]
    [InlineData("DL3063", "DF1004")]
    [InlineData("DL3064", "DF5006")]
    [InlineData("DL3065", "DF2007")]
    [InlineData("DL3066", "DF4022")]
    [InlineData("DL3067", "DF6004")]
    public void Every_hadolint_id_maps_to_a_rule(string hadolintId, string ruleId)
    {
        Assert.Contains(ruleId, DockerfileLinter.ResolveRuleId(hadolintId));
    }

    [Fact]
    public void Retired_hadolint_rules_are_off_by_default()
    {
        var text = "FROM debian:12-slim\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\nFROM alpine:3.20\nRUN apk upgrade --no-cache\n";
        Assert.DoesNotContain(DockerfileLinter.Lint(text).Findings, f => f.Rule.Id == "DF3004");
        foreach (var retired in new[] { "DL3005", "DL3017", "DL3031", "DL3039" })
        {
            Assert.Contains("DF3004", DockerfileLinter.ResolveRuleId(retired));
        }
    }

    [Fact]
    public void Severities_default_to_hadolints()
    {
        var expected = new Dictionary<string, Severity>
        {
            ["DL3000"] = Severity.Error, ["DL4000"] = Severity.Error, ["DL4004"] = Severity.Error, ["DL3032"] = Severity.Warning,
            ["DL3040"] = Severity.Warning, ["DL3036"] = Severity.Warning, ["DL3042"] = Severity.Warning, ["DL3003"] = Severity.Warning,
            ["DL4001"] = Severity.Warning, ["DL3063"] = Severity.Warning, ["DL3065"] = Severity.Warning, ["DL1001"] = Severity.None,
            ["DL3057"] = Severity.None, ["DL3066"] = Severity.Info, ["DL3067"] = Severity.Warning,
        };
        foreach (var (hadolintId, severity) in expected)
        {
            var rule = DockerfileLinter.Rules.Single(r => r.HadolintId == hadolintId);
            Assert.True(severity == rule.DefaultSeverity, $"{hadolintId} ({rule.Id}): {rule.DefaultSeverity}, hadolint has {severity}");
        }
    }

    [Fact]
    public void Pipefail_advice_on_alpine_is_an_ash_shell()
    {
        var finding = Assert.Single(Lints.Of("FROM alpine:3.20\nRUN wget -qO- https://x | tar x\n", "DF4012"));
        Assert.Contains("[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]", finding.Message, StringComparison.Ordinal);
        finding = Assert.Single(Lints.Of("FROM debian:12-slim\nRUN wget -qO- https://x | tar x\n", "DF4012"));
        Assert.Contains("/bin/bash", finding.Message, StringComparison.Ordinal);
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
