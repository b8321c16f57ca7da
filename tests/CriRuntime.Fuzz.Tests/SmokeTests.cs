using Xunit;

namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// A short run of each fuzz target: every committed corpus file (seeds and the inputs of past findings, which are
/// the regression tests), then deterministic mutations of them for a few seconds (<c>CRIRUNTIME_FUZZ_SECONDS</c>,
/// default 3). Long runs use AFL++ through fuzz.sh.
/// </summary>
public sealed class SmokeTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_refuses_its_corpus_and_mutations_cleanly(string name)
    {
        var target = FuzzTargets.Find(name);
        var corpusDir = Path.Combine(AppContext.BaseDirectory, "corpus", name);
        var corpus = Directory.EnumerateFiles(corpusDir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(corpus);
        foreach (var (input, index) in corpus.Select((c, i) => (c, i)))
        {
            Assert.True(target.TryRun(input, out var finding), $"corpus file #{index} of {name}: {finding}");
        }

        var seconds = double.TryParse(Environment.GetEnvironmentVariable("CRIRUNTIME_FUZZ_SECONDS"), out var s) ? s : 3;
        var mutator = new Mutator(seed: name.Length);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var runs = 0;
        for (; DateTime.UtcNow < deadline; runs++)
        {
            var input = mutator.Mutate(corpus[runs % corpus.Count], corpus);
            if (!target.TryRun(input, out var finding))
            {
                var saved = Path.Combine(Path.GetTempPath(), $"criruntime-fuzz-{name}-{Guid.NewGuid():N}");
                File.WriteAllBytes(saved, input);
                Assert.Fail($"{name}: mutation #{runs} ({input.Length} bytes, saved as {saved}) raised {finding}");
            }
        }

        Assert.True(runs > 0, "no mutation ran");
    }
}
