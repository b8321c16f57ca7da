namespace CriRuntime.Conformance.Benchmark;

/// <summary>Every figure measured for one endpoint: latencies per operation and single values (wall times, memory).</summary>
internal sealed class BenchmarkResult(string label, string endpoint)
{
    public string Label { get; } = label;

    public string Endpoint { get; } = endpoint;

    public SortedDictionary<string, Samples> Latencies { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, double> Figures { get; } = new(StringComparer.Ordinal);

    public Samples For(string operation)
    {
        if (!Latencies.TryGetValue(operation, out var samples))
        {
            samples = new Samples();
            Latencies[operation] = samples;
        }

        return samples;
    }
}
