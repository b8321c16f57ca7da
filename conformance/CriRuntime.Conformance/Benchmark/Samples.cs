namespace CriRuntime.Conformance.Benchmark;

/// <summary>Latencies of one operation against one endpoint, in milliseconds.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double milliseconds) => _values.Add(milliseconds);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.Order().ToArray();
        // Nearest-rank percentile: the smallest value with at least p% of samples at or below it.
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(50);
}
