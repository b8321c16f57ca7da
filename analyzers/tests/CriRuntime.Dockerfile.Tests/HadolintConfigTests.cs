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
    public void Reads_flow_mappings_as_their_block_form()
    {
        var flow = HadolintConfig.Parse("ignored: [ DL3008, 'DL3015' ]\noverride: { error: [DL3006, \"DL3002\"], style: [DL3059] }\ntrustedRegistries: [docker.io, 'my.registry:5000']\n");
        var block = HadolintConfig.Parse("ignored:\n- DL3008\n- DL3015\noverride:\n  error:\n    - DL3006\n    - DL3002\n  style:\n    - DL3059\ntrustedRegistries:\n- docker.io\n- my.registry:5000\n");
        Assert.Equal(block.Ignored.OrderBy(x => x), flow.Ignored.OrderBy(x => x));
        Assert.Equal(block.SeverityOverrides.OrderBy(p => p.Key), flow.SeverityOverrides.OrderBy(p => p.Key));
        Assert.Equal(Severity.Error, flow.SeverityOverrides["DL3002"]);
        Assert.Equal(block.TrustedRegistries, flow.TrustedRegistries);
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

    [Theory]
    [InlineData("ignored:\n  - DL3008\n  - DF3005\n  - JSONArgsRecommended\n  - SC2086\noverride:\n  error:\n    - DL3006\n  style: [DL3059]\ntrustedRegistries:\n  - docker.io\nlabel-schema:\n  author: text\n  url: url\nstrict-labels: true\nfailure-threshold: warning\ndisable-ignore-pragma: false\nno-fail: false\nformat: json\n")]
    [InlineData("# only a comment\n---\n")]
    [InlineData("ignored:\n")]
    [InlineData("ignored: [ DL3008, 'DL3015' ]\noverride: { error: [DL3006], info: [\"DL3059\", DL3042] }\nlabel-schema: { author: text, \"org.opencontainers.image.url\": url }\n")]
    public void Valid_configuration_has_no_problems(string yaml)
    {
        Assert.Empty(HadolintConfig.Validate(yaml));
    }

    [Theory]
    [InlineData("ignored: DL3008\n", 1, "ignored", "expected a list of rule ids, got a single value")]
    [InlineData("trustedRegistries: docker.io\n", 1, "trustedRegistries", "expected a list, got a single value")]
    [InlineData("failure-threshold:\n  - error\n", 1, "failure-threshold", "expected a severity, got a list")]
    [InlineData("override:\n  fatal: [DL3008]\n", 2, "override.fatal", "unknown severity")]
    [InlineData("override:\n  error: DL3008\n", 2, "override.error", "expected a list of rule ids, got a single value")]
    [InlineData("override: [DL3008]\n", 1, "override", "expected a mapping")]
    [InlineData("label-schema:\n  author: person\n", 2, "label-schema.author", "unknown label type 'person'")]
    [InlineData("ignored:\n  - DL3008\n\tbad: 1\n", 3, "ignored", "tabs cannot indent YAML")]
    [InlineData("- DL3008\n", 1, "", "a list item outside any key")]
    [InlineData("ignored:\n  - DL3008\nfoo bar\n", 3, "ignored", "cannot read 'foo bar'")]
    [InlineData("failure-threshold: 'error\n", 1, "failure-threshold", "an unterminated quoted value")]
    [InlineData("override:\n  error:\n    nested:\n      - DL3008\n", 3, "override.nested", "nested deeper")]
    [InlineData("override: { fatal: [DL3008] }\n", 1, "override.fatal", "unknown severity")]
    [InlineData("override: { error: [DL3008]\n", 1, "override", "without its closing '}'")]
    [InlineData("override: { error }\n", 1, "override", "cannot read 'error'")]
    [InlineData("override:\n  error: { x: [DL3008] }\n", 2, "override.error", "nested deeper")]
    public void Problems_name_the_line_the_key_and_what_is_wrong(string yaml, int line, string key, string message)
    {
        var problem = HadolintConfig.Validate(yaml)[0];
        Assert.Equal(line, problem.Line);
        Assert.Equal(key, problem.Key);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($".hadolint.yaml:{line}: ", problem.Describe(".hadolint.yaml"), StringComparison.Ordinal);
    }
}
