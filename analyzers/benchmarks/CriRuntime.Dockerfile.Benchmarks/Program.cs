using System.Diagnostics;
using System.Globalization;
using CriRuntime.Dockerfile;
using CriRuntime.Dockerfile.Benchmarks;

// Usage: CriRuntime.Dockerfile.Benchmarks [--corpus DIR] [--passes N] [--json]
var corpus = Arguments.Value(args, "--corpus") ?? Corpus.DefaultDirectory();
var passes = int.Parse(Arguments.Value(args, "--passes") ?? "30", CultureInfo.InvariantCulture);
var asJson = args.Contains("--json");

var files = Corpus.Load(corpus);
var cold = new double[files.Count];
var warm = new double[files.Count][];
var findings = 0;

// Cold: the first lint of each file in a fresh process, JIT included, as an IDE or a CLI run sees it.
for (var i = 0; i < files.Count; i++)
{
    var start = Stopwatch.GetTimestamp();
    findings += DockerfileLinter.Lint(files[i].Text).Findings.Count;
    cold[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}

// Warm: repeated passes; each file's time is its median over the passes.
for (var i = 0; i < files.Count; i++)
{
    warm[i] = new double[passes];
}

for (var pass = 0; pass < passes; pass++)
{
    for (var i = 0; i < files.Count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        DockerfileLinter.Lint(files[i].Text);
        warm[i][pass] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}

var warmPerFile = warm.Select(Stats.Median).ToArray();
var report = new Report(
    "CriRuntime.Dockerfile",
    files.Count,
    files.Sum(f => f.Text.Length),
    passes,
    findings,
    cold.Sum() / 1000,
    Stats.Median(cold),
    Stats.Percentile(cold, 0.9),
    Stats.Median(warmPerFile),
    Stats.Percentile(warmPerFile, 0.9),
    warmPerFile.Sum() / 1000);
Console.WriteLine(asJson ? report.ToJson() : report.ToText());
