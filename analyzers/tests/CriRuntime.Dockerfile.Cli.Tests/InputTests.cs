using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

public sealed class InputTests
{
    [Fact]
    public void Dash_reads_standard_input()
    {
        using var tree = new TempTree();
        var run = CliRun.With(tree.Root, Samples.Untagged, false, null, "--format", "gnu", "-");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("-:1:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_is_searched_recursively_for_Dockerfile_names_only()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", Samples.Untagged);
        tree.Write("svc/api/Dockerfile.prod", Samples.Untagged);
        tree.Write("svc/web/web.Dockerfile", Samples.Untagged);
        tree.Write("svc/db/Containerfile", Samples.Untagged);
        tree.Write("svc/web/Dockerfile.dockerignore", "*\n");
        tree.Write("svc/web/README.md", "FROM nothing\n");
        tree.Write(".cache/Dockerfile", Samples.Untagged);
        tree.Write("node_modules/x/Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", ".");
        var files = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["Dockerfile", "svc/api/Dockerfile.prod", "svc/db/Containerfile", "svc/web/web.Dockerfile"], files);
    }

    [Fact]
    public void Quoted_globs_are_expanded()
    {
        using var tree = new TempTree();
        tree.Write("a/one.Dockerfile", Samples.Untagged);
        tree.Write("a/b/two.Dockerfile", Samples.Untagged);
        tree.Write("a/b/Dockerfile", Samples.Untagged);
        var run = CliRun.Of(tree.Root, "--format", "gnu", "a/**/*.Dockerfile");
        var files = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).Distinct();
        Assert.Equal(["a/b/two.Dockerfile", "a/one.Dockerfile"], files);
    }

    [Fact]
    public void A_glob_skips_ignore_files_and_linter_configuration_beside_the_dockerfiles()
    {
        using var tree = new TempTree();
        tree.Write("svc/Dockerfile", Samples.Untagged);
        tree.Write("svc/Dockerfile.dockerignore", "*.md\n");
        tree.Write("svc/.dockerignore", "*.md\n");
        tree.Write("svc/.hadolint.yaml", "ignored: [DL3008]\n");
        var run = CliRun.Of(tree.Root, "--format", "gnu", "svc/*", "svc/.*");
        var files = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).Distinct();
        Assert.Equal(["svc/Dockerfile"], files);
        Assert.DoesNotContain("DF1000", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Glob_matching_nothing_is_an_error()
    {
        using var tree = new TempTree();
        Assert.Equal(2, CliRun.Of(tree.Root, "*.Dockerfile").ExitCode);
    }

    [Theory]
    [InlineData("*.Dockerfile", "web.Dockerfile", true)]
    [InlineData("Dockerfile.*", "Dockerfile.prod", true)]
    [InlineData("Dockerfile.?", "Dockerfile.ab", false)]
    [InlineData("[Dd]ockerfile", "dockerfile", true)]
    [InlineData("[!D]ockerfile", "Dockerfile", false)]
    [InlineData("*file*", "Dockerfile.prod", true)]
    public void Glob_segment_matching(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(pattern, name));
    }
}
