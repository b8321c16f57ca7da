using Prometheus;

namespace CriRuntime.Core.Diagnostics;

/// <summary>
/// Every metric the runtime exports, with its name, help and labels, in one place.
/// Names follow Prometheus conventions: a criruntime_ prefix, base units, _total for counters.
/// </summary>
public static class CriMetrics
{
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    /// <summary>Label names, shared so that dashboards can join across metrics.</summary>
    public static class Labels
    {
        public const string Method = "method";
        public const string Code = "code";
        public const string Version = "version";
        public const string Result = "result";
        public const string Operation = "operation";
        public const string Handler = "handler";
        public const string State = "state";
    }

    public static readonly Histogram GrpcRequestDuration = Metrics.CreateHistogram(
        "criruntime_grpc_request_duration_seconds",
        "Time taken to serve a CRI call, by method and gRPC status code.",
        new HistogramConfiguration { LabelNames = [Labels.Method, Labels.Code], Buckets = LatencyBuckets });

    public static readonly Counter GrpcRequests = Metrics.CreateCounter(
        "criruntime_grpc_requests_total",
        "CRI calls served, by method and gRPC status code.",
        new CounterConfiguration { LabelNames = [Labels.Method, Labels.Code] });

    public static readonly Gauge BuildInfo = Metrics.CreateGauge(
        "criruntime_build_info",
        "Always 1; the version label says which build is running.",
        new GaugeConfiguration { LabelNames = [Labels.Version] });
}
