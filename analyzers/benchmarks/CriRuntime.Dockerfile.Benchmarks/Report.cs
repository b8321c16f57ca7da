using System.Globalization;

namespace CriRuntime.Dockerfile.Benchmarks;

/// <summary>Timings in microseconds per file (medians and p90 across files) and milliseconds per pass.</summary>
internal sealed record Report(
    string Linter,
    int Files,
    int Chars,
    int Passes,
    int Findings,
    double ColdPassMs,
    double ColdMedianUs,
    double ColdP90Us,
    double WarmMedianUs,
    double WarmP90Us,
    double WarmPassMs)
{
    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"""
        {Linter}: {Files} files, {Chars / 1024.0:F0} KiB, {Findings} findings
          cold (first pass): total {ColdPassMs:F1} ms, per file median {ColdMedianUs:F1} us, p90 {ColdP90Us:F1} us
          warm ({Passes} passes): pass {WarmPassMs:F2} ms, per file median {WarmMedianUs:F1} us, p90 {WarmP90Us:F1} us
        """);

    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $$"""{"linter":"{{Linter}}","files":{{Files}},"chars":{{Chars}},"passes":{{Passes}},"findings":{{Findings}},"coldPassMs":{{ColdPassMs:F3}},"coldMedianUs":{{ColdMedianUs:F3}},"coldP90Us":{{ColdP90Us:F3}},"warmMedianUs":{{WarmMedianUs:F3}},"warmP90Us":{{WarmP90Us:F3}},"warmPassMs":{{WarmPassMs:F3}}}""");
}
