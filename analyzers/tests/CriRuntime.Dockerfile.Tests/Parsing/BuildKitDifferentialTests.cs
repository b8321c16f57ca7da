using System.Text.Json;
using Xunit;

namespace CriRuntime.Dockerfile.Tests.Parsing;

/// <summary>
/// The corpus parsed here must match what BuildKit's own parser (<c>frontend/dockerfile/parser</c> and
/// <c>instructions</c>) established for the same files, recorded in <c>BuildKitParse.json</c>: per file either
/// BuildKit's parse error, or every instruction as <c>"START-END KEYWORD --flag=value... &lt;&lt;HEREDOC... ! error"</c>
/// (1-based lines, flags unquoted, heredoc names, the instruction parser's error) and the lines of its
/// NoEmptyContinuation warnings. Regenerating it takes a BuildKit build, which is not part of this repository:
/// see analyzers/docs/linter-core.md.
/// </summary>
public sealed class BuildKitDifferentialTests
{
    private static readonly Dictionary<string, JsonElement> Expected = Load();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in Expected.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Expectations_cover_the_whole_corpus()
    {
        var files = Directory.GetFiles(TestPaths.Corpus, "*.Dockerfile", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.Corpus, f).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(files.Count, Expected.Count);
        Assert.All(Expected.Keys, k => Assert.Contains(k, files));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parses_into_the_instructions_buildkit_does(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Corpus, file));
        var syntax = DockerfileLinter.Lint(text).Syntax;
        var expected = Expected[file];
        if (expected.TryGetProperty("error", out var error))
        {
            Assert.True(syntax.Errors.Count > 0, "BuildKit rejects the file (" + error.GetString() + "); no parse error here");
            return;
        }

        var want = expected.GetProperty("instructions").EnumerateArray().Select(e => e.GetString()!).ToList();
        var got = syntax.Instructions.Select(i => Describe(syntax, i)).ToList();
        Assert.Equal(want.Select(StripError), got);

        var errorLines = want.Where(w => w.Contains(" ! ", StringComparison.Ordinal)).Select(StartLine).ToHashSet();
        var ourErrorLines = syntax.Errors.Select(e => syntax.GetSpan(e.Start, e.End).StartLine + 1).ToHashSet();
        Assert.Equal(errorLines.Order(), ourErrorLines.Order());

        // BuildKit warns once per instruction (at its last line); every empty continuation line here lies in such an instruction.
        var warned = expected.TryGetProperty("emptyContinuation", out var w) ? w.EnumerateArray().Select(x => x.GetInt32()).ToList() : new List<int>();
        var ranges = want.Select(Range).ToList();
        var emptyLines = syntax.EmptyContinuationLines.Select(o => syntax.GetSpan(o, o).StartLine + 1).ToList();
        Assert.All(warned, line => Assert.Contains(emptyLines, e => ranges.Any(r => r.End == line && e >= r.Start && e <= r.End)));
        Assert.All(emptyLines, e => Assert.Contains(ranges, r => warned.Contains(r.End) && e >= r.Start && e <= r.End));
    }

    /// <summary>The instruction as the expectations spell it: lines, keyword, flags, heredoc names.</summary>
    private static string Describe(DockerfileSyntax syntax, InstructionSyntax instr)
    {
        var start = syntax.GetSpan(instr.Start, instr.Start).StartLine + 1;
        var end = EndLine(syntax, instr);
        var parts = new List<string> { $"{start}-{end} {instr.Keyword}" };
        parts.AddRange(instr.Flags.Select(f => "--" + f.Name + (f.Value is null ? string.Empty : "=" + f.Value)));
        parts.AddRange((instr.Trigger ?? instr).Heredocs.Select(h => "<<" + h.Name));
        return string.Join(" ", parts);
    }

    /// <summary>
    /// BuildKit's last line of an instruction is the last line it read for it: an instruction still continued at
    /// the end of the file owns every line up to the end (the comments and empty lines it skipped looking for more).
    /// </summary>
    private static int EndLine(DockerfileSyntax syntax, InstructionSyntax instr)
    {
        var last = syntax.GetSpan(instr.End, instr.End).StartLine + 1;
        if (instr.Heredocs.Count > 0 || !EndsContinued(syntax, instr))
        {
            return last;
        }

        var text = syntax.Text;
        return text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0);
    }

    private static bool EndsContinued(DockerfileSyntax syntax, InstructionSyntax instr)
    {
        var lineStart = syntax.Text.LastIndexOf('\n', Math.Max(0, instr.End - 1)) + 1;
        var lineEnd = syntax.Text.IndexOf('\n', instr.End);
        var line = syntax.Text.Substring(lineStart, (lineEnd < 0 ? syntax.Text.Length : lineEnd) - lineStart).TrimEnd();
        var escapes = line.Length - line.TrimEnd(syntax.EscapeChar).Length;
        return escapes % 2 == 1;
    }

    private static string StripError(string described)
    {
        var bang = described.IndexOf(" ! ", StringComparison.Ordinal);
        return bang < 0 ? described : described.Substring(0, bang);
    }

    private static int StartLine(string described) => int.Parse(described.Substring(0, described.IndexOf('-', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

    private static (int Start, int End) Range(string described)
    {
        var dash = described.IndexOf('-', StringComparison.Ordinal);
        var space = described.IndexOf(' ', StringComparison.Ordinal);
        return (int.Parse(described.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture), int.Parse(described.AsSpan(dash + 1, space - dash - 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "analyzers", "tests", "CriRuntime.Dockerfile.Tests", "Parsing", "BuildKitParse.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
