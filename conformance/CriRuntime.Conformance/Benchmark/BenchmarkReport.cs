using System.Globalization;
using System.Text.Json;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>Prints the side-by-side table (each figure for every target, and the first-to-second ratio) and writes JSON.</summary>
internal static class BenchmarkReport
{
    public static void Print(IReadOnlyList<BenchmarkResult> results, TextWriter output)
    {
        var header = "operation (ms: median / p95 / p99)".PadRight(44) + string.Concat(results.Select(r => r.Label.PadRight(28)));
        output.WriteLine(results.Count == 2 ? header + $"ratio {results[0].Label}/{results[1].Label} (median)" : header);
        foreach (var operation in results.SelectMany(r => r.Latencies.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var line = operation.PadRight(44);
            foreach (var result in results)
            {
                line += result.Latencies.TryGetValue(operation, out var s)
                    ? $"{F(s.Median)} / {F(s.Percentile(95))} / {F(s.Percentile(99))}".PadRight(28)
                    : "-".PadRight(28);
            }

            output.WriteLine(line + Ratio(results, r => r.Latencies.TryGetValue(operation, out var s) ? s.Median : double.NaN));
        }

        foreach (var figure in results.SelectMany(r => r.Figures.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var line = figure.PadRight(44);
            foreach (var result in results)
            {
                line += (result.Figures.TryGetValue(figure, out var v) ? F(v) : "-").PadRight(28);
            }

            output.WriteLine(line + Ratio(results, r => r.Figures.TryGetValue(figure, out var v) ? v : double.NaN));
        }
    }

    public static void WriteJson(IReadOnlyList<BenchmarkResult> results, string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var result in results)
        {
            json.WriteStartObject();
            json.WriteString("label", result.Label);
            json.WriteString("endpoint", result.Endpoint);
            json.WriteStartObject("latencies_ms");
            foreach (var (operation, samples) in result.Latencies)
            {
                json.WriteStartObject(operation);
                json.WriteNumber("count", samples.Count);
                json.WriteNumber("median", samples.Median);
                json.WriteNumber("p95", samples.Percentile(95));
                json.WriteNumber("p99", samples.Percentile(99));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("figures");
            foreach (var (name, value) in result.Figures)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Ratio(IReadOnlyList<BenchmarkResult> results, Func<BenchmarkResult, double> value)
    {
        if (results.Count != 2)
        {
            return "";
        }

        var (a, b) = (value(results[0]), value(results[1]));
        return double.IsNaN(a) || double.IsNaN(b) || b == 0 ? "-" : (a / b).ToString("F2", CultureInfo.InvariantCulture);
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("F1", CultureInfo.InvariantCulture);
}
