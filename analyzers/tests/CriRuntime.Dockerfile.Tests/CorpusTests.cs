using Xunit;

namespace CriRuntime.Dockerfile.Tests;

/// <summary>Every real-world Dockerfile of the shared corpus lints without exception and without syntax errors.</summary>
public sealed class CorpusTests
{
    /// <summary>Files that are meant to fail BuildKit's parser, with the reason.</summary>
    private static readonly Dictionary<string, string> ExpectedSyntaxErrors = new()
    {
        ["moby__buildkit/frontend__dockerfile__parser__testfiles-negative__empty_dockerfile__Dockerfile.Dockerfile"] = "BuildKit negative test: empty file ('file with no instructions')",
        ["moby__buildkit/frontend__dockerfile__parser__testfiles-negative__only_comments__Dockerfile.Dockerfile"] = "BuildKit negative test: comments only ('file with no instructions')",
        ["moby__buildkit/frontend__dockerfile__parser__testfiles-negative__env_no_value__Dockerfile.Dockerfile"] = "BuildKit negative test: 'ENV PATH' without a value",
        ["moby__buildkit/frontend__dockerfile__parser__testfiles-negative__shykes-nested-json__Dockerfile.Dockerfile"] = "BuildKit negative test: JSON array that is not all strings",
        ["moby__buildkit/frontend__dockerfile__parser__testfiles__flags__Dockerfile.Dockerfile"] = "line-parser test only: COPY --user/--doit are rejected by BuildKit's instruction parser",
        ["moby__buildkit/frontend__dockerfile__parser__testfiles__health__Dockerfile.Dockerfile"] = "line-parser test only: HEALTHCHECK without CMD and HEALTHCHECK CONNECT are rejected by BuildKit's instruction parser",
        ["bridgecrewio__checkov/tests__dockerfile__checks__example_UpdateNotAlone__failure__Dockerfile.Dockerfile"] = "contains a stray '~' line (an editor artifact): 'unknown instruction: ~'",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Corpus, "*.Dockerfile", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.Corpus, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Corpus_is_present()
    {
        Assert.True(Directory.GetFiles(TestPaths.Corpus, "*.Dockerfile", SearchOption.AllDirectories).Length >= 300, "expected the shared corpus at " + TestPaths.Corpus);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Lints_without_syntax_errors(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Corpus, file));
        var result = DockerfileLinter.Lint(text);
        var syntax = result.Findings.Where(f => f.Rule.Category == "Syntax").ToList();
        if (ExpectedSyntaxErrors.ContainsKey(file))
        {
            Assert.NotEmpty(syntax);
        }
        else
        {
            Assert.True(syntax.Count == 0, string.Join("; ", syntax.Select(f => $"{f.Span.StartLine + 1}: {f.Message}")));
        }

        Assert.DoesNotContain(result.Findings, f => f.Message.StartsWith("Rule ", StringComparison.Ordinal) && f.Message.Contains(" failed:", StringComparison.Ordinal));
        foreach (var finding in result.Findings)
        {
            Assert.InRange(finding.Span.End, finding.Span.Start, text.Length);
            foreach (var edit in finding.Fixes.SelectMany(x => x.Edits))
            {
                Assert.InRange(edit.Span.End, edit.Span.Start, text.Length);
            }
        }
    }

    [Fact]
    public void Findings_are_sorted_by_position()
    {
        foreach (var file in Directory.GetFiles(TestPaths.Corpus, "*.Dockerfile", SearchOption.AllDirectories))
        {
            var findings = DockerfileLinter.Lint(File.ReadAllText(file)).Findings;
            for (var i = 1; i < findings.Count; i++)
            {
                Assert.True(findings[i - 1].Span.Start <= findings[i].Span.Start, file);
            }
        }
    }
}
