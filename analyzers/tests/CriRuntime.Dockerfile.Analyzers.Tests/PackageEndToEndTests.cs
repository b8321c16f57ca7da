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

        // 3. Every finding the linter reports with the sample's .hadolint.yaml shows up at its exact position.
        var dockerfile = File.ReadAllText(Path.Combine(sample, "Dockerfile"));
        var options = HadolintConfig.Parse(File.ReadAllText(Path.Combine(sample, ".hadolint.yaml")))
            .With(dockerIgnore: File.ReadAllText(Path.Combine(sample, ".dockerignore")));
        var findings = DockerfileLinter.Lint(dockerfile, options).Findings;
        var reported = DiagnosticLine().Matches(build.Output).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var expected = findings
            .Where(f => f.Severity is Severity.Warning or Severity.Error)
            .Select(f => $"Dockerfile({f.Span.StartLine + 1},{f.Span.StartColumn + 1}): {(f.Severity == Severity.Error ? "error" : "warning")} {f.Rule.Id}: {f.Message}")
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
        Assert.Equal(findings.Any(f => f.Severity == Severity.Error) ? 1 : 0, build.ExitCode);

        // The untagged FROM on line 1 and the ignored file copied on line 4 are among them, and DL3009 stayed quiet
        // as .hadolint.yaml asks: both files reached the analyzer through the package's props.
        Assert.Contains(reported, line => line.StartsWith("Dockerfile(1,", StringComparison.Ordinal));
        Assert.Contains(reported, line => line.StartsWith("Dockerfile(4,", StringComparison.Ordinal));
        var ignored = DockerfileLinter.Rules.FirstOrDefault(r => r.HadolintId == "DL3009");
        Assert.DoesNotContain(reported, line => ignored is not null && line.Contains($" {ignored.Id}: ", StringComparison.Ordinal));
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>An MSBuild diagnostic line up to the message's end: the SDK appends " (help link)" and " [project]".</summary>
    [GeneratedRegex(@"Dockerfile\(\d+,\d+\): (warning|error) [A-Za-z]+[0-9]+: [^\r\n]*?(?=( \(https?://[^ )]*\))? \[/)")]
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
