using Xunit;

namespace CriRuntime.Dockerfile.Tests;

public sealed class LabelSchemaTests
{
    [Theory]
    [InlineData("url", "https://example.com/app", true)]
    [InlineData("url", "example.com", false)]
    [InlineData("email", "team@example.com", true)]
    [InlineData("email", "team at example", false)]
    [InlineData("rfc3339", "2024-05-01T10:20:30Z", true)]
    [InlineData("rfc3339", "2024-05-01T10:20:30.123+02:00", true)]
    [InlineData("rfc3339", "2024-05-01", false)]
    [InlineData("semver", "1.2.3-alpha.1", true)]
    [InlineData("semver", "01.2.3", false)]
    [InlineData("hash", "0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("hash", "abc123", false)]
    [InlineData("spdx", "Apache-2.0 OR MIT", true)]
    [InlineData("spdx", "LicenseRef-Proprietary", true)]
    [InlineData("spdx", "Apache 2", false)]
    [InlineData("text", "anything", true)]
    public void Validates_values_by_type(string type, string value, bool valid)
    {
        var options = new LintOptions { LabelSchema = new Dictionary<string, string> { ["x"] = type } };
        var findings = DockerfileLinter.Lint($"FROM alpine:3.20\nLABEL x=\"{value}\"\n", options).Findings.Where(f => f.Rule.Id == "DF4020");
        Assert.Equal(valid, !findings.Any());
    }

    [Fact]
    public void Schema_comes_from_hadolint_yaml()
    {
        var options = HadolintConfig.Parse("label-schema:\n  author: text\n  website: url\nstrict-labels: true\n");
        Assert.Equal("url", options.LabelSchema["website"]);
        Assert.True(options.StrictLabels);
        var findings = DockerfileLinter.Lint("FROM alpine:3.20\nLABEL website=nope extra=1\n", options).Findings;
        Assert.Contains(findings, f => f.Rule.Id == "DF4017" && f.Message.Contains("author"));
        Assert.Contains(findings, f => f.Rule.Id == "DF4018" && f.Message.Contains("extra"));
        Assert.Contains(findings, f => f.Rule.Id == "DF4020" && f.Message.Contains("website"));
    }

    [Fact]
    public void Hadolint_label_type_ids_map_to_the_value_rule()
    {
        foreach (var id in new[] { "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058" })
        {
            Assert.Equal(new[] { "DF4020" }, DockerfileLinter.ResolveRuleId(id));
        }
    }
}
