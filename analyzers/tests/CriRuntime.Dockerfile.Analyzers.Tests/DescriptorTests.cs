using Microsoft.CodeAnalysis;
using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class DescriptorTests
{
    [Fact]
    public void There_is_one_descriptor_per_rule_and_one_each_for_configuration_errors_and_an_ignored_ContainerFamily()
    {
        var analyzer = new DockerfileAnalyzer();
        Assert.NotEmpty(DockerfileLinter.Rules);
        Assert.Equal(
            DockerfileLinter.Rules.Select(r => r.Id).Append(DockerfileDiagnostics.ConfigurationError.Id).Append(DockerfileDiagnostics.ContainerFamilyIgnored.Id).Order(StringComparer.Ordinal),
            analyzer.SupportedDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Descriptors_carry_the_rules_title_category_default_severity_and_help_link()
    {
        foreach (var rule in DockerfileLinter.Rules)
        {
            var descriptor = DockerfileDiagnostics.Find(rule.Id)!;
            Assert.Equal(rule.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(rule.Category, descriptor.Category);
            Assert.Equal(DockerfileDiagnostics.ToRoslyn(rule.DefaultSeverity), descriptor.DefaultSeverity);
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out _), $"{rule.Id}: '{descriptor.HelpLinkUri}' is no absolute URI");
        }
    }

    [Fact]
    public void Every_help_link_points_at_a_page_in_the_repository()
    {
        const string Blob = "/blob/main/";
        var root = RepositoryRoot();
        var missing = DockerfileDiagnostics.All
            .Where(d => d.HelpLinkUri.IndexOf(Blob, StringComparison.Ordinal) is var at && (at < 0 || !File.Exists(Path.Combine(root, d.HelpLinkUri[(at + Blob.Length)..]))))
            .Select(d => $"{d.Id}: {d.HelpLinkUri}")
            .ToList();
        Assert.True(missing.Count == 0, "no page for:\n" + string.Join('\n', missing));
    }

    [Theory]
    [InlineData(Severity.Error, DiagnosticSeverity.Error)]
    [InlineData(Severity.Warning, DiagnosticSeverity.Warning)]
    [InlineData(Severity.Info, DiagnosticSeverity.Info)]
    [InlineData(Severity.Style, DiagnosticSeverity.Hidden)]
    public void Severities_map_onto_Roslyns(Severity severity, DiagnosticSeverity expected)
    {
        Assert.Equal(expected, DockerfileDiagnostics.ToRoslyn(severity));
    }

    [Fact]
    public void Release_tracking_lists_every_rule()
    {
        var unshipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "AnalyzerReleases.Unshipped.md"));
        var missing = DockerfileLinter.Rules
            .Where(r => !unshipped.Contains(r.Id + " ", StringComparison.Ordinal))
            .Select(r => $"{r.Id} | {r.Category} | {DockerfileDiagnostics.ToRoslyn(r.DefaultSeverity)} | {r.Title}")
            .ToList();
        Assert.True(missing.Count == 0, "add to AnalyzerReleases.Unshipped.md:\n" + string.Join('\n', missing));
    }

    [Theory]
    [InlineData("/src/Dockerfile", true)]
    [InlineData("/src/dockerfile", true)]
    [InlineData("/src/api.Dockerfile", true)]
    [InlineData("/src/Dockerfile.prod", true)]
    [InlineData("/src/Containerfile", true)]
    [InlineData("/src/Dockerfile.dockerignore", false)]
    [InlineData("/src/Dockerfiles", false)]
    [InlineData("/src/.Dockerfile", false)]
    [InlineData("/src/Program.cs", false)]
    public void Dockerfile_names(string path, bool expected)
    {
        Assert.Equal(expected, DockerfileFileNames.IsDockerfile(path));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CriRuntime.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("CriRuntime.sln not found above " + AppContext.BaseDirectory);
    }
}
