using Xunit;

namespace CriRuntime.Dockerfile.Tests;

public sealed class HadolintConfigTests
{
    private const string Yaml = """
        # project settings
        ignored:
          - DL3008
          - "SC2086"
        override:
          error:
            - DL3001
            - DL3002
          warning: [DL3042, 'DL3015']
          info:
          - DL3059   # inline comment
          style: []
        trustedRegistries:
          - docker.io
          - my-company.com:5000
        failure-threshold: warning
        label-schema:
          author: text
        """;

    [Fact]
    public void Reads_ignored_overrides_and_registries()
    {
        var options = HadolintConfig.Parse(Yaml);
        Assert.Equal(new[] { "DL3008", "SC2086" }, options.Ignored.OrderBy(x => x));
        Assert.Equal(Severity.Error, options.SeverityOverrides["DL3001"]);
        Assert.Equal(Severity.Error, options.SeverityOverrides["DL3002"]);
        Assert.Equal(Severity.Warning, options.SeverityOverrides["DL3042"]);
        Assert.Equal(Severity.Warning, options.SeverityOverrides["DL3015"]);
        Assert.Equal(Severity.Info, options.SeverityOverrides["DL3059"]);
        Assert.Equal(new[] { "docker.io", "my-company.com:5000" }, options.TrustedRegistries);
    }

    [Fact]
    public void Reads_the_failure_threshold()
    {
        Assert.Equal(Severity.Warning, HadolintConfig.FailureThreshold(Yaml));
        Assert.Equal(Severity.None, HadolintConfig.FailureThreshold("failure-threshold: none"));
        Assert.Null(HadolintConfig.FailureThreshold("ignored: [DL3000]"));
    }

    [Fact]
    public void Merges_onto_inherited_options_without_changing_them()
    {
        var inherited = HadolintConfig.Parse("ignored: [DL3000]\ntrustedRegistries: [ghcr.io]");
        var merged = HadolintConfig.Parse("ignored:\n  - DL3001\n", inherited);
        Assert.Equal(new[] { "DL3000", "DL3001" }, merged.Ignored.OrderBy(x => x));
        Assert.Equal(new[] { "ghcr.io" }, merged.TrustedRegistries);
        Assert.Single(inherited.Ignored);
    }

    [Fact]
    public void Configured_options_drive_the_linter()
    {
        var options = HadolintConfig.Parse(Yaml);
        var findings = DockerfileLinter.Lint("FROM quay.io/x/y:1\nRUN apt-get install -y a\n", options).Findings;
        Assert.DoesNotContain(findings, f => f.Rule.Id == "DF3008");
        Assert.Contains(findings, f => f.Rule.Id == "DF2003");
        Assert.Equal(Severity.Warning, findings.Single(f => f.Rule.Id == "DF3003").Severity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ not: yaml")]
    [InlineData("ignored: DL3000")]
    [InlineData("- - -\n:\n::")]
    public void Malformed_yaml_never_throws(string yaml)
    {
        HadolintConfig.Parse(yaml);
        HadolintConfig.FailureThreshold(yaml);
    }
}
