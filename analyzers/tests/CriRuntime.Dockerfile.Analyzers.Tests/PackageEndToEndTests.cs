using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

/// <summary>
/// Packs the analyzer into a temporary feed and builds analyzers/tests/sample against it with the real SDK, then
/// checks the build output carries each finding at its position. About a minute; needs no network: the sample
/// restores only from the local feed (and the machine's package cache), into an isolated packages folder.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class PackageEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    private readonly string _temp = Directory.CreateTempSubdirectory("dockerfile-analyzer-e2e-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    [Fact]
    public void Packed_analyzer_reports_Dockerfile_findings_in_dotnet_build()
    {
        var analyzers = FindAnalyzersDirectory();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };

        // 1. Pack, in this test assembly's configuration so the already-built and restored projects are reused.
        var feed = Path.Combine(_temp, "feed");
        var pack = Dotnet(analyzers, environment,
            "pack", Path.Combine(analyzers, "CriRuntime.Dockerfile.Analyzers.Package"), "-c", Configuration, "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var package = Assert.Single(Directory.GetFiles(feed, "CriRuntime.Dockerfile.Analyzers.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["CriRuntime.Dockerfile.Analyzers.".Length..];
        AssertPackageLayout(package);

        // 2. Build the sample from a copy that restores from the feed only.
        var sample = Path.Combine(_temp, "sample");
        CopyDirectory(Path.Combine(analyzers, "tests", "sample"), sample);
        WriteNuGetConfig(sample, feed);

        // An isolated packages folder: the package must not land in the machine's cache, where a stale copy of the
        // same version would be taken next time.
        environment["NUGET_PACKAGES"] = Path.Combine(_temp, "packages");
        var build = Dotnet(sample, environment,
            "build", Path.Combine(sample, "Sample.csproj"), "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            $"-p:CriDockerfileAnalyzersVersion={version}");
        output.WriteLine(build.Output);

        // 3. Every finding the linter reports for each Dockerfile, with the sample's .hadolint.yaml, .dockerignore and
        // .editorconfig sections, shows up at its exact position; so do the Container* properties' findings.
        var editorConfig = new EditorConfigSeverities([(Path.Combine(sample, ".editorconfig"), File.ReadAllText(Path.Combine(sample, ".editorconfig")))]);
        var yaml = HadolintConfig.Parse(File.ReadAllText(Path.Combine(sample, ".hadolint.yaml")));
        var baseline = Baseline.Parse(File.ReadAllText(Path.Combine(sample, Baseline.FileName)));
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var anyError = false;
        foreach (var relative in new[] { "Dockerfile", "deploy/Dockerfile" })
        {
            var path = Path.Combine(sample, relative);
            var options = ConfiguredSeverity.Apply(yaml.With(dockerIgnore: File.ReadAllText(Path.Combine(sample, ".dockerignore"))), [], editorConfig.For(path));
            var text = File.ReadAllText(path);
            foreach (var f in baseline.NewFindings(relative, text, DockerfileLinter.Lint(text, options).Findings).Where(f => f.Severity is Severity.Warning or Severity.Error))
            {
                expected.Add($"{relative}({f.Span.StartLine + 1},{f.Span.StartColumn + 1}): {Level(f.Severity)} {f.Rule.Id}: {f.Message}");
                anyError |= f.Severity == Severity.Error;
            }
        }

        var project = File.ReadAllText(Path.Combine(sample, "Sample.csproj"));
        foreach (var f in DockerfileLinter.Lint("FROM ubuntu:latest\nUSER root\n", yaml).Findings.Where(f => f.Severity is Severity.Warning or Severity.Error))
        {
            var property = f.Span.StartLine == 0 ? ContainerProperties.BaseImage : ContainerProperties.User;
            if (f.Span.StartLine == 0 ? f.Rule.Category == "BaseImage" : f.Rule.HadolintId is "DL3002" or "DL3066")
            {
                var at = ContainerProperties.Locate(project, property)!.Value.Start;
                var line = project[..at].Count(c => c == '\n');
                var column = at - (project.LastIndexOf('\n', at - 1) + 1);
                expected.Add($"Sample.csproj({line + 1},{column + 1}): {Level(f.Severity)} {f.Rule.Id}: {property}: {f.Message}");
            }
        }

        var reported = DiagnosticLine().Matches(build.Output).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
        Assert.Equal(anyError ? 1 : 0, build.ExitCode);

        // The untagged FROM on line 1 and the ignored file copied on line 4 are among them, and DL3009 stayed quiet
        // as .hadolint.yaml asks: both files reached the analyzer through the package's props.
        Assert.Contains(reported, line => line.StartsWith("Dockerfile(1,", StringComparison.Ordinal));
        Assert.Contains(reported, line => line.StartsWith("Dockerfile(4,", StringComparison.Ordinal));
        var ignored = DockerfileLinter.Rules.FirstOrDefault(r => r.HadolintId == "DL3009");
        Assert.DoesNotContain(reported, line => ignored is not null && line.Contains($" {ignored.Id}: ", StringComparison.Ordinal));

        // .editorconfig reached the analyzer through the package's targets: its [Dockerfile] section turned on a rule that
        // is off by default (by hadolint id) and [deploy/**] turned one off; deploy/Dockerfile was found (CriDockerfileLintRecursive).
        var healthcheck = Samples.Rule("DL3057").Id;
        var untagged = Samples.Rule("DL3006").Id;
        Assert.Contains(reported, line => line.StartsWith("Dockerfile(", StringComparison.Ordinal) && line.Contains($"warning {healthcheck}: ", StringComparison.Ordinal));
        Assert.Contains(reported, line => line.StartsWith("deploy/Dockerfile(2,", StringComparison.Ordinal));
        Assert.DoesNotContain(reported, line => line.StartsWith("deploy/Dockerfile(", StringComparison.Ordinal) && line.Contains($" {untagged}: ", StringComparison.Ordinal));

        // .dockerfile-lint-baseline reached the analyzer: the finding it records is not reported.
        Assert.DoesNotContain(reported, line => line.Contains($" {Samples.Rule("DL3008").Id}: ", StringComparison.Ordinal));

        // The Container* properties were checked where they are set.
        Assert.Contains(reported, line => line.StartsWith("Sample.csproj(", StringComparison.Ordinal) && line.Contains($"{Samples.Rule("DL3007").Id}: ContainerBaseImage: ", StringComparison.Ordinal));
        Assert.Contains(reported, line => line.StartsWith("Sample.csproj(", StringComparison.Ordinal) && line.Contains($"{Samples.Rule("DL3002").Id}: ContainerUser: ", StringComparison.Ordinal));
    }

    private static string Level(Severity severity) => severity == Severity.Error ? "error" : "warning";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>An MSBuild diagnostic line from the sample's path on, up to the message's end: the SDK appends " (help link)" and, outside the project file, " [project]".</summary>
    [GeneratedRegex(@"(?<=/sample/)(?:deploy/)?(?:Dockerfile|Sample\.csproj)\(\d+,\d+\): (warning|error) [A-Za-z]+[0-9]+: [^\r\n]*?(?=( \(https?://[^ )]*\))?( \[/|\r?$))", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, Dictionary<string, string> environment, params string[] arguments)
    {
        return ProcessRunner.Run("dotnet", arguments, workingDirectory, environment, StepTimeout);
    }

    private static void AssertPackageLayout(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("analyzers/dotnet/cs/CriRuntime.Dockerfile.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CriRuntime.Dockerfile.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CriRuntime.Dockerfile.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("build/CriRuntime.Dockerfile.Analyzers.props", entries);
        Assert.Contains("build/CriRuntime.Dockerfile.Analyzers.targets", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

        using var nuspecStream = zip.GetEntry("CriRuntime.Dockerfile.Analyzers.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("true", metadata.Elements().Single(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    private static void WriteNuGetConfig(string directory, string feed)
    {
        // The local feed, plus the machine's package cache read as a feed: nothing needs the network.
        var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var sources = new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", feed)));
        if (Directory.Exists(cache))
        {
            sources.Add(new XElement("add", new XAttribute("key", "machine-cache"), new XAttribute("value", cache)));
        }

        new XDocument(new XElement("configuration", sources)).Save(Path.Combine(directory, "NuGet.config"));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    private static string FindAnalyzersDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "CriRuntime.Dockerfile.Analyzers.Package");
            if (Directory.Exists(candidate))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("analyzers/ not found above " + AppContext.BaseDirectory);
    }
}
