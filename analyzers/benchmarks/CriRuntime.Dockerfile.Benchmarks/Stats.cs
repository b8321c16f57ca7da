namespace CriRuntime.Dockerfile.Benchmarks;

internal static class Stats
{
    public static double Median(double[] values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile; the node script beside run.sh computes it the same way.</summary>
    public static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
