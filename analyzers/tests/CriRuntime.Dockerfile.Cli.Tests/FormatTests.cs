using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

public sealed class FormatTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly Finding _expected;

    public FormatTests()
    {
        _tree.Write("Dockerfile", Samples.Untagged);
        _expected = DockerfileLinter.Lint(Samples.Untagged).Findings.First(f => f.Rule.Id == Samples.UntaggedRule);
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Json_is_an_array_of_findings_with_one_based_ranges()
    {
        var run = CliRun.Of(_tree.Root, "--format", "json", "Dockerfile");
        using var document = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        var finding = document.RootElement.EnumerateArray().First(e => e.GetProperty("rule").GetString() == Samples.UntaggedRule);
        Assert.Equal("Dockerfile", finding.GetProperty("file").GetString());
        Assert.Equal("DL3006", finding.GetProperty("hadolintId").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(_expected.Message, finding.GetProperty("message").GetString());
        var range = finding.GetProperty("range");
        Assert.Equal(1, range.GetProperty("startLine").GetInt32());
        Assert.Equal(_expected.Span.StartColumn + 1, range.GetProperty("startColumn").GetInt32());
        Assert.Equal(_expected.Span.EndLine + 1, range.GetProperty("endLine").GetInt32());
        Assert.Equal(_expected.Span.EndColumn + 1, range.GetProperty("endColumn").GetInt32());
    }

    [Fact]
    public void Json_of_a_clean_file_is_an_empty_array()
    {
        _tree.Write("clean.Dockerfile", Samples.Clean);
        var run = CliRun.Of(_tree.Root, "--format", "json", "clean.Dockerfile");
        Assert.Equal("[]", run.Out.Trim());
    }

    [Fact]
    public void Sarif_has_version_rules_with_help_uris_and_regions()
    {
        var run = CliRun.Of(_tree.Root, "--format", "sarif", "Dockerfile");
        using var document = JsonDocument.Parse(run.Out);
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var sarifRun = root.GetProperty("runs")[0];
        var rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal(DockerfileLinter.Rules.Count, rules.GetArrayLength());
        Assert.All(rules.EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("helpUri").GetString())));
        var result = sarifRun.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == Samples.UntaggedRule);
        Assert.Equal("warning", result.GetProperty("level").GetString());
        var ruleIndex = result.GetProperty("ruleIndex").GetInt32();
        Assert.Equal(Samples.UntaggedRule, rules[ruleIndex].GetProperty("id").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("Dockerfile", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(1, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(_expected.Span.StartColumn + 1, location.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public void Sarif_carries_fixes_as_replacements()
    {
        _tree.Write("fixable.Dockerfile", "FROM ubuntu:24.04\nADD config.json /etc/app/\n");
        var run = CliRun.Of(_tree.Root, "--format", "sarif", "fixable.Dockerfile");
        using var document = JsonDocument.Parse(run.Out);
        var result = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .First(r => r.TryGetProperty("fixes", out _));
        var change = result.GetProperty("fixes")[0].GetProperty("artifactChanges")[0];
        Assert.Equal("fixable.Dockerfile", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        var replacement = change.GetProperty("replacements")[0];
        Assert.True(replacement.GetProperty("deletedRegion").GetProperty("charOffset").GetInt32() >= 18);
        Assert.Equal("COPY", replacement.GetProperty("insertedContent").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("Dockerfile", "Dockerfile")]
    [InlineData("my app/Dockerfile", "my%20app/Dockerfile")]
    [InlineData("a\\b.Dockerfile", "a/b.Dockerfile")]
    public void Sarif_uris_are_escaped_relative_references(string path, string uri)
    {
        Assert.Equal(uri, Formatting.SarifFormatter.UriOf(path));
    }

    [Fact]
    public void Checkstyle_is_xml_with_one_error_element_per_finding()
    {
        var run = CliRun.Of(_tree.Root, "--format", "checkstyle", "Dockerfile");
        var document = XDocument.Parse(run.Out);
        var file = Assert.Single(document.Root!.Elements("file"));
        Assert.Equal("Dockerfile", file.Attribute("name")!.Value);
        var error = file.Elements("error").First(e => e.Attribute("source")!.Value == Samples.UntaggedRule);
        Assert.Equal("1", error.Attribute("line")!.Value);
        Assert.Equal("warning", error.Attribute("severity")!.Value);
        Assert.Equal(_expected.Message, error.Attribute("message")!.Value);
    }

    [Fact]
    public void Gnu_is_file_line_column_severity_message_id()
    {
        var run = CliRun.Of(_tree.Root, "--format", "gnu", "Dockerfile");
        var line = $"Dockerfile:1:{_expected.Span.StartColumn + 1}: warning: {_expected.Message} [{Samples.UntaggedRule}]";
        Assert.Contains(line, run.Out.Split('\n'));
        Assert.All(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Matches(@"^Dockerfile:\d+:\d+: (error|warning|info|style): .* \[[^\]]+\]$", l));
    }

    [Fact]
    public void Tty_has_no_colour_when_not_a_terminal()
    {
        var run = CliRun.With(_tree.Root, null, terminal: false, noColor: null, "Dockerfile");
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.Contains($"Dockerfile:1:{_expected.Span.StartColumn + 1} {Samples.UntaggedRule}/DL3006 warning: {_expected.Message}", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Tty_is_coloured_on_a_terminal()
    {
        var run = CliRun.With(_tree.Root, null, terminal: true, noColor: null, "Dockerfile");
        Assert.Contains("\u001b[33mwarning\u001b[0m", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", new string[0])]
    [InlineData(null, new[] { "--no-color" })]
    public void Tty_honours_NO_COLOR_and_no_color_flag(string? noColor, string[] flags)
    {
        var run = CliRun.With(_tree.Root, null, terminal: true, noColor, [.. flags, "Dockerfile"]);
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.Matches(new Regex("finding"), run.Out);
    }
}
