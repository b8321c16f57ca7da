using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class EditorConfigSeveritiesTests
{
    [Theory]
    [InlineData("[Dockerfile]", "/repo/Dockerfile", true)]
    [InlineData("[Dockerfile]", "/repo/deploy/Dockerfile", true)]
    [InlineData("[*]", "/repo/deploy/prod.Dockerfile", true)]
    [InlineData("[docker/**]", "/repo/docker/api/Dockerfile", true)]
    [InlineData("[docker/**]", "/repo/deploy/Dockerfile", false)]
    [InlineData("[/Dockerfile]", "/repo/deploy/Dockerfile", false)]
    [InlineData("[*.{cs,Dockerfile}]", "/repo/app.Dockerfile", true)]
    [InlineData("[*.cs]", "/repo/Dockerfile", false)]
    [InlineData("[Dockerfile.[ab]]", "/repo/Dockerfile.a", true)]
    public void Sections_match_the_dockerfile_path_as_editorconfig_globs_do(string section, string path, bool matches)
    {
        var severities = new EditorConfigSeverities([("/repo/.editorconfig", $"root = true\n{section}\ndotnet_diagnostic.DL3008.severity = error\n")]);
        Assert.Equal(matches, severities.For(path).ContainsKey("DL3008"));
    }

    [Fact]
    public void Nearer_files_and_later_sections_win_and_root_stops_the_search()
    {
        var severities = new EditorConfigSeverities(
        [
            ("/.editorconfig", "[*]\ndotnet_diagnostic.DF2001.severity = error\ndotnet_diagnostic.DF3008.severity = error\n"),
            ("/repo/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.DF2001.severity = warning\n[Dockerfile]\ndotnet_diagnostic.DF2001.severity = suggestion # why\n"),
            ("/repo/svc/.editorconfig", "[Dockerfile]\ndotnet_diagnostic.DF2001.severity = none\n"),
            ("/repo/other/.globalconfig", "is_global = true\ndotnet_diagnostic.DF2001.severity = error\n"),
        ]);
        Assert.Equal(Severity.Info, severities.For("/repo/Dockerfile")["DF2001"]);
        Assert.Equal(Severity.None, severities.For("/repo/svc/Dockerfile")["DF2001"]);
        Assert.False(severities.For("/repo/Dockerfile").ContainsKey("DF3008"));
    }

    [Theory]
    [InlineData("error", Severity.Error)]
    [InlineData("warning", Severity.Warning)]
    [InlineData("suggestion", Severity.Info)]
    [InlineData("silent", Severity.Style)]
    [InlineData("none", Severity.None)]
    [InlineData("default", null)]
    public void Roslyn_severity_words_map_onto_the_linters(string word, Severity? expected)
    {
        Assert.Equal(expected, EditorConfigSeverities.ParseSeverity(word));
    }
}
