using Xunit;

namespace CriRuntime.Dockerfile.Tests;

/// <summary>Lint never throws and no rule crashes, whatever the input: corpus files mutated with a fixed seed.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] Inserts = { "\\", "`", "\"", "'", "\n", "\\\n", "<<EOF\n", "$", "${", "}", "[", "]", "--", "=", " ", "#", "&&", "|", "(", ")", "\r\n", "\t", "FROM ", "ARG ", "ONBUILD " };

    [Fact]
    public void Mutated_corpus_files_never_crash_a_rule()
    {
        var random = new Random(20240501);
        var files = Directory.GetFiles(TestPaths.Corpus, "*.Dockerfile", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            var original = File.ReadAllText(file);
            for (var round = 0; round < 8; round++)
            {
                var text = original;
                for (var m = 0; m < 4 && text.Length > 0; m++)
                {
                    var at = random.Next(text.Length);
                    text = random.Next(3) switch
                    {
                        0 => text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at)),
                        1 => text.Insert(at, Inserts[random.Next(Inserts.Length)]),
                        _ => text.Substring(0, at),
                    };
                }

                var result = DockerfileLinter.Lint(text);
                var crash = result.Findings.FirstOrDefault(f => f.Message.StartsWith("Rule ", StringComparison.Ordinal) && f.Message.Contains(" failed:", StringComparison.Ordinal));
                Assert.True(crash is null, $"{Path.GetFileName(file)} round {round}: {crash?.Message}\n---\n{text}");
                foreach (var finding in result.Findings)
                {
                    Assert.InRange(finding.Span.End, finding.Span.Start, text.Length);
                }
            }
        }
    }

    [Fact]
    public void Linting_in_parallel_gives_the_same_findings()
    {
        var texts = Directory.GetFiles(TestPaths.Corpus, "*.Dockerfile", SearchOption.AllDirectories).Select(File.ReadAllText).ToArray();
        var sequential = texts.Select(t => Summary(DockerfileLinter.Lint(t))).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length, i => parallel[i] = Summary(DockerfileLinter.Lint(texts[i])));
        Assert.Equal(sequential, parallel);
    }

    private static string Summary(LintResult result) => string.Join(";", result.Findings.Select(f => $"{f.Rule.Id}@{f.Span.Start}"));

    [Theory]
    [InlineData("\\")]
    [InlineData("FROM a\\")]
    [InlineData("RUN <<")]
    [InlineData("RUN <<''")]
    [InlineData("FROM a\nRUN <<A <<B\nA\n")]
    [InlineData("FROM a AS\n")]
    [InlineData("FROM ${")]
    [InlineData("FROM $")]
    [InlineData("ARG =x\nFROM a\n")]
    [InlineData("FROM a\nENV =\n")]
    [InlineData("FROM a\nCOPY --from= a b\n")]
    [InlineData("FROM a\nRUN --mount= echo\n")]
    [InlineData("FROM a\nRUN sh -c '\n")]
    [InlineData("FROM a\nRUN echo $(\n")]
    [InlineData("FROM a\nRUN apt-get install -o\n")]
    [InlineData("FROM a\nEXPOSE -\n")]
    [InlineData("FROM a\nUSER :\n")]
    [InlineData("FROM a\nONBUILD\n")]
    [InlineData("FROM a\nONBUILD ONBUILD ONBUILD RUN x\n")]
    [InlineData("FROM a\nHEALTHCHECK\n")]
    [InlineData("FROM a\nCMD [\"\\u12\"]\n")]
    [InlineData("# escape=`\nFROM a`")]
    public void Edge_inputs_lint_without_crashing(string text)
    {
        var result = DockerfileLinter.Lint(text);
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains(" failed:", StringComparison.Ordinal));
    }
}
