using System.Globalization;
using System.Text.Json;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>Prints the side-by-side table (each figure for every target, and the first-to-second ratio) and writes JSON.</summary>
internal static class BenchmarkReport
{
    /// <summary>
    /// One table: per operation each target's p50 and p99 in milliseconds, then (with two targets) the
    /// first-to-second ratios of both; per single figure each target's value and the ratio.
    /// </summary>
    public static void Print(IReadOnlyList<BenchmarkResult> results, TextWriter output)
    {
        const int Name = 58, Cell = 14;
        var header = "figure (latencies in ms)".PadRight(Name) + string.Concat(results.Select(r => $"{r.Label} p50".PadLeft(Cell + 2) + $"{r.Label} p99".PadLeft(Cell + 2)));
        output.WriteLine(results.Count == 2 ? header + "ratio p50".PadLeft(Cell) + "ratio p99".PadLeft(Cell) : header);
        foreach (var operation in results.SelectMany(r => r.Latencies.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            double Value(BenchmarkResult r, double p) => r.Latencies.TryGetValue(operation, out var s) ? s.Percentile(p) : double.NaN;
            var line = operation.PadRight(Name) + string.Concat(results.Select(r => F(Value(r, 50)).PadLeft(Cell + 2) + F(Value(r, 99)).PadLeft(Cell + 2)));
            output.WriteLine(line + Ratio(results, r => Value(r, 50)).PadLeft(Cell) + Ratio(results, r => Value(r, 99)).PadLeft(Cell));
        }

        foreach (var figure in results.SelectMany(r => r.Figures.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            double Value(BenchmarkResult r) => r.Figures.TryGetValue(figure, out var v) ? v : double.NaN;
            var line = figure.PadRight(Name) + string.Concat(results.Select(r => F(Value(r)).PadLeft(Cell + 2) + "".PadLeft(Cell + 2)));
            output.WriteLine(line + Ratio(results, Value).PadLeft(Cell));
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

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
