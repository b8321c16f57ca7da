using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class DockerfileAnalyzerTests
{
    [Fact]
    public async Task Reports_each_finding_at_its_exact_range()
    {
        var finding = Samples.Single(Samples.Untagged, "DL3006");
        Assert.Equal(0, finding.Span.StartLine);

        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged));
        Assert.Contains(test.ExpectedDiagnostics, d => d.Id == finding.Rule.Id && d.Severity == DiagnosticSeverity.Warning);
        await test.RunAsync();
    }

    [Fact]
    public async Task Untagged_image_is_reported_on_the_image_name()
    {
        var rule = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged).Where(d => d.Id != rule.Id));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(rule.Id, DiagnosticSeverity.Warning)
            .WithSpan(DockerfileTest.DockerfilePath, 1, 6, 1, 12)
            .WithMessage("Image 'ubuntu' has no tag or digest: pin a version"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("/0/Dockerfile")]
    [InlineData("/0/web.Dockerfile")]
    [InlineData("/0/Dockerfile.prod")]
    [InlineData("/0/Containerfile")]
    public async Task Lints_every_Dockerfile_name(string path)
    {
        var test = DockerfileTest.Analyzer(string.Empty);
        test.TestState.AdditionalFiles.Clear();
        test.TestState.AdditionalFiles.Add((path, Samples.Untagged));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged, path: path));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("/0/README.md")]
    [InlineData("/0/Dockerfile.dockerignore")]
    [InlineData("/0/docker-compose.yml")]
    public async Task Ignores_other_additional_files(string path)
    {
        var test = DockerfileTest.Analyzer(string.Empty);
        test.TestState.AdditionalFiles.Clear();
        test.TestState.AdditionalFiles.Add((path, Samples.Untagged));
        await test.RunAsync();
    }

    [Fact]
    public async Task Globalconfig_overrides_the_severity()
    {
        var rule = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\ndotnet_diagnostic.{rule.Id}.severity = error\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(
            Samples.Untagged,
            f => f.Rule == rule ? DiagnosticSeverity.Error : DockerfileDiagnostics.ToRoslyn(f.Severity)));
        Assert.Contains(test.ExpectedDiagnostics, d => d.Id == rule.Id && d.Severity == DiagnosticSeverity.Error);
        await test.RunAsync();
    }

    [Fact]
    public async Task Globalconfig_can_silence_a_rule()
    {
        var rule = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\ndotnet_diagnostic.{rule.Id}.severity = none\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged).Where(d => d.Id != rule.Id));
        await test.RunAsync();
    }

    [Fact]
    public async Task Globalconfig_beats_hadolint_yaml()
    {
        var rule = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/0/.hadolint.yaml", "override:\n  error:\n    - DL3006\n"));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\ndotnet_diagnostic.{rule.Id}.severity = suggestion\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(
            Samples.Untagged,
            f => f.Rule == rule ? DiagnosticSeverity.Info : DockerfileDiagnostics.ToRoslyn(f.Severity)));
        await test.RunAsync();
    }

    [Fact]
    public async Task Dockerignore_beside_the_Dockerfile_reaches_the_linter()
    {
        const string Dockerfile = "FROM ubuntu:24.04\nCOPY secret.txt /app/\n";
        var rule = DockerfileLinter.Rules.Single(r => r.BuildKitCheck == "CopyIgnoredFile");
        var test = DockerfileTest.Analyzer(Dockerfile);
        test.TestState.AdditionalFiles.Add(("/0/.dockerignore", "secret.txt\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Dockerfile, new LintOptions { DockerIgnore = "secret.txt\n" }));
        Assert.Contains(test.ExpectedDiagnostics, d => d.Id == rule.Id);
        await test.RunAsync();
    }

    [Fact]
    public async Task Hadolint_yaml_ignores_a_rule_by_its_hadolint_id()
    {
        var rule = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/0/.hadolint.yaml", "ignored:\n  - DL3006\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged).Where(d => d.Id != rule.Id));
        await test.RunAsync();
    }

    [Fact]
    public async Task Hadolint_yaml_overrides_the_severity_and_nearer_file_wins()
    {
        var rule = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/.hadolint.yaml", "ignored:\n  - DL3006\n"));
        test.TestState.AdditionalFiles.Add(("/0/.hadolint.yaml", "override:\n  error:\n    - DL3006\n"));
        test.TestState.AdditionalFiles.Add(("/1/Dockerfile", Samples.Untagged));
        var nearer = HadolintConfig.Parse("override:\n  error:\n    - DL3006\n", HadolintConfig.Parse("ignored:\n  - DL3006\n"));
        var farther = HadolintConfig.Parse("ignored:\n  - DL3006\n");
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged, nearer));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged, farther, "/1/Dockerfile"));
        Assert.DoesNotContain(test.ExpectedDiagnostics, d => d.Id == rule.Id && d.Spans[0].Span.Path == "/1/Dockerfile");
        await test.RunAsync();
    }

    [Fact]
    public async Task Configuration_that_cannot_be_applied_is_an_error_at_each_problems_line()
    {
        const string Yaml = "# settings\nignored: DL3006\noverride:\n  fatal: [DL3008]\n";
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/0/.hadolint.yaml", Yaml));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged, HadolintConfig.Parse(Yaml)));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DockerfileDiagnostics.ConfigurationError.Id, DiagnosticSeverity.Error)
            .WithSpan("/0/.hadolint.yaml", 2, 1, 2, 16)
            .WithMessage(".hadolint.yaml:2: key 'ignored': expected a list of rule ids, got a single value"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DockerfileDiagnostics.ConfigurationError.Id, DiagnosticSeverity.Error)
            .WithSpan("/0/.hadolint.yaml", 4, 1, 4, 18)
            .WithMessage(HadolintConfig.Validate(Yaml)[1].Describe(".hadolint.yaml")));
        Assert.Equal(2, HadolintConfig.Validate(Yaml).Count);
        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_sections_matching_the_dockerfile_set_severities_by_our_ids_and_hadolints()
    {
        var untagged = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        // The testing library turns rules that are off by default on at their default severity for the whole
        // compilation, so enabling such a rule from a section is checked by the end-to-end build instead.
        test.TestState.AdditionalFiles.Add(("/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.DL3006.severity = none\n[*]\ndotnet_diagnostic.DL3006.severity = suggestion\n[Dockerfile]\ndotnet_diagnostic.DL3006.severity = error\n"));
        var options = new LintOptions { SeverityOverrides = { [untagged.Id] = Severity.Error } };
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged, options));
        Assert.Contains(test.ExpectedDiagnostics, d => d.Id == untagged.Id && d.Severity == DiagnosticSeverity.Error);
        await test.RunAsync();
    }

    [Fact]
    public async Task Globalconfig_accepts_hadolint_ids()
    {
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ndotnet_diagnostic.DL3006.severity = none\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged).Where(d => d.Id != Samples.Rule("DL3006").Id));
        await test.RunAsync();
    }

    [Fact]
    public async Task Container_properties_get_the_base_image_and_user_rules_at_the_property()
    {
        const string Project = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <ContainerBaseImage>ubuntu</ContainerBaseImage>\n    <ContainerUser>root</ContainerUser>\n  </PropertyGroup>\n</Project>\n";
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/0/App.csproj", Project));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ContainerBaseImage = ubuntu\nbuild_property.ContainerUser = root\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged));
        var untagged = Samples.Rule("DL3006");
        var root = Samples.Rule("DL3002");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(untagged.Id, DiagnosticSeverity.Warning).WithSpan("/0/App.csproj", 3, 25, 3, 31)
            .WithMessage("ContainerBaseImage: " + DockerfileLinter.Lint("FROM ubuntu\n").Findings.Single(f => f.Rule == untagged).Message));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(root.Id, DiagnosticSeverity.Warning).WithSpan("/0/App.csproj", 4, 20, 4, 24)
            .WithMessage("ContainerUser: " + DockerfileLinter.Lint("FROM scratch\nUSER root\n").Findings.Single(f => f.Rule == root).Message));
        foreach (var finding in DockerfileLinter.Lint("FROM ubuntu\nUSER root\n").Findings.Where(f => f.Rule != untagged && f.Rule != root && f.Severity is not Severity.None))
        {
            var line = finding.Span.StartLine == 0 ? (3, 25, 31, "ContainerBaseImage") : (4, 20, 24, "ContainerUser");
            if (finding.Rule.Category == "BaseImage" || finding.Rule.HadolintId is "DL3066")
            {
                test.ExpectedDiagnostics.Add(new DiagnosticResult(finding.Rule.Id, DockerfileDiagnostics.ToRoslyn(finding.Severity)).WithSpan("/0/App.csproj", line.Item1, line.Item2, line.Item1, line.Item3).WithMessage(line.Item4 + ": " + finding.Message));
            }
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task Container_family_is_reported_as_ignored_when_a_base_image_is_set()
    {
        const string Project = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <ContainerBaseImage>mcr.microsoft.com/dotnet/aspnet:8.0@sha256:" + Digest + "</ContainerBaseImage>\n    <ContainerFamily>alpine</ContainerFamily>\n  </PropertyGroup>\n</Project>\n";
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/0/App.csproj", Project));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ContainerBaseImage = mcr.microsoft.com/dotnet/aspnet:8.0@sha256:" + Digest + "\nbuild_property.ContainerFamily = alpine\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("DF0002", DiagnosticSeverity.Warning).WithSpan("/0/App.csproj", 4, 22, 4, 28)
            .WithMessage("ContainerFamily 'alpine' is ignored because ContainerBaseImage is set: put the variant in ContainerBaseImage's tag or remove one of them"));
        foreach (var finding in DockerfileLinter.Lint("FROM mcr.microsoft.com/dotnet/aspnet:8.0@sha256:" + Digest + "\n").Findings.Where(f => f.Severity is not Severity.None && (f.Rule.Category == "BaseImage" || f.Rule.Id == "DF1022")))
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult(finding.Rule.Id, DockerfileDiagnostics.ToRoslyn(finding.Severity)).WithSpan("/0/App.csproj", 3, 25, 3, 25 + "mcr.microsoft.com/dotnet/aspnet:8.0@sha256:".Length + Digest.Length).WithMessage("ContainerBaseImage: " + finding.Message));
        }

        await test.RunAsync();
    }

    [Theory]
    [InlineData("noble-chiseled", false)]
    [InlineData("alpine", false)]
    [InlineData("Noble Chiseled", true)]
    [InlineData("-alpine", false)]
    [InlineData("alpine/extra", true)]
    public async Task Container_family_must_make_a_valid_tag(string family, bool reported)
    {
        var project = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <ContainerFamily>" + family + "</ContainerFamily>\n  </PropertyGroup>\n</Project>\n";
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        test.TestState.AdditionalFiles.Add(("/0/App.csproj", project));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ContainerFamily = " + family + "\n"));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged));
        if (reported)
        {
            var rule = DockerfileLinter.Rules.Single(r => r.Id == "DF1022");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("DF1022", DockerfileDiagnostics.ToRoslyn(rule.DefaultSeverity)).WithSpan("/0/App.csproj", 3, 22, 3, 22 + family.Length)
                .WithMessage("ContainerFamily: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, rule.MessageFormat, "mcr.microsoft.com/dotnet/runtime-deps:8.0-" + family)));
        }

        await test.RunAsync();
    }

    private const string Digest = "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task Findings_listed_in_the_baseline_are_not_reported()
    {
        var untagged = Samples.Rule("DL3006");
        var test = DockerfileTest.Analyzer(Samples.Untagged);
        var recorded = DockerfileLinter.Lint(Samples.Untagged).Findings.Where(f => f.Rule == untagged).ToList();
        test.TestState.AdditionalFiles.Add(("/" + Baseline.FileName, Baseline.Write([("0/Dockerfile", Samples.Untagged, recorded)])));
        test.ExpectedDiagnostics.AddRange(DockerfileTest.ExpectedFor(Samples.Untagged).Where(d => d.Id != untagged.Id));
        await test.RunAsync();
    }
}
