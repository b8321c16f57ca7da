using Prometheus;

namespace CriRuntime.Core.Diagnostics;

/// <summary>
/// Every metric the runtime exports, with its name, help and labels, in one place.
/// Names follow Prometheus conventions: a criruntime_ prefix, base units, _total for counters.
/// </summary>
public static class CriMetrics
{
    /// <summary>
    /// Leaves the .NET runtime's own diagnostic families out of the endpoint (event counters, System.* and Microsoft.*
    /// meters, the metrics library's debug metrics): noise to an operator. The process metrics stay. Call once at
    /// start-up, before the first metric is used.
    /// </summary>
    public static void ExportOperatorFamiliesOnly() => Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
    {
        SuppressProcessMetrics = false,
        SuppressDebugMetrics = true,
        SuppressEventCounters = true,
        SuppressMeters = true,
    });

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
        public const string Kind = "kind";
        public const string Protocol = "protocol";
        public const string Reason = "reason";
        public const string Direction = "direction";
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

    private static readonly double[] ImageDurationBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    public static readonly Counter ImagePulls = Metrics.CreateCounter(
        "criruntime_image_pulls_total",
        "Image pulls, by result: success, or the error kind (not_found, unavailable, failed_precondition, ...).",
        new CounterConfiguration { LabelNames = [Labels.Result] });

    public static readonly Counter ImagePullBytes = Metrics.CreateCounter(
        "criruntime_image_pull_bytes_total",
        "Bytes received from registries for manifests, configs and layers.");

    public static readonly Histogram ImagePullDuration = Metrics.CreateHistogram(
        "criruntime_image_pull_duration_seconds",
        "Time taken by a whole image pull, from resolving the reference to the stored image, by result.",
        new HistogramConfiguration { LabelNames = [Labels.Result], Buckets = ImageDurationBuckets });

    public static readonly Histogram ImageUnpackDuration = Metrics.CreateHistogram(
        "criruntime_image_unpack_duration_seconds",
        "Time taken to download and unpack one layer into its snapshot (they stream together).",
        new HistogramConfiguration { Buckets = ImageDurationBuckets });

    private static readonly double[] CniDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public static readonly Counter CniOperations = Metrics.CreateCounter(
        "criruntime_cni_operations_total",
        "CNI operations on a whole network list (add, del, check), successful or not.",
        new CounterConfiguration { LabelNames = [Labels.Operation] });

    public static readonly Counter CniOperationErrors = Metrics.CreateCounter(
        "criruntime_cni_operation_errors_total",
        "CNI operations that failed, by operation (add, del, check).",
        new CounterConfiguration { LabelNames = [Labels.Operation] });

    public static readonly Histogram CniOperationDuration = Metrics.CreateHistogram(
        "criruntime_cni_operation_duration_seconds",
        "Time taken by a CNI operation on the whole plugin chain, by operation (add, del, check).",
        new HistogramConfiguration { LabelNames = [Labels.Operation], Buckets = CniDurationBuckets });

    public static readonly Histogram SandboxOperationDuration = Metrics.CreateHistogram(
        "criruntime_sandbox_operation_duration_seconds",
        "Time taken by a sandbox operation (run, stop, remove, status, list), by operation and runtime handler.",
        new HistogramConfiguration { LabelNames = [Labels.Operation, Labels.Handler], Buckets = LatencyBuckets });

    public static readonly Histogram ContainerOperationDuration = Metrics.CreateHistogram(
        "criruntime_container_operation_duration_seconds",
        "Time taken by a container operation (create, start, stop, remove, exec_sync, ...), by operation and runtime handler.",
        new HistogramConfiguration { LabelNames = [Labels.Operation, Labels.Handler], Buckets = LatencyBuckets });

    public static readonly Gauge Sandboxes = Metrics.CreateGauge(
        "criruntime_sandboxes",
        "Pod sandboxes known to the runtime, by state (ready, notready).",
        new GaugeConfiguration { LabelNames = [Labels.State] });

    public static readonly Gauge Containers = Metrics.CreateGauge(
        "criruntime_containers",
        "Containers known to the runtime, by state (created, running, exited, unknown).",
        new GaugeConfiguration { LabelNames = [Labels.State] });

    public static readonly Gauge Shims = Metrics.CreateGauge(
        "criruntime_shims",
        "Shim processes (criruntime-shim: one per created or running container, and per pod infra container where a pod has one) the daemon holds a connection to.");

    public static readonly Counter ShimsLost = Metrics.CreateCounter(
        "criruntime_shims_lost_total",
        "Shims that went away without recording their container's exit (killed, crashed); each container was killed and reported exited with reason ShimLost.");

    private static readonly double[] StreamDurationBuckets = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 14400];

    public static readonly Counter StreamSessions = Metrics.CreateCounter(
        "criruntime_stream_sessions_total",
        "Streaming sessions started, by kind (exec, attach, portforward) and protocol (the negotiated sub-protocol, prefixed spdy/ or websocket/).",
        new CounterConfiguration { LabelNames = [Labels.Kind, Labels.Protocol] });

    public static readonly Gauge StreamSessionsActive = Metrics.CreateGauge(
        "criruntime_stream_sessions_active",
        "Streaming sessions in progress, by kind.",
        new GaugeConfiguration { LabelNames = [Labels.Kind] });

    public static readonly Histogram StreamSessionDuration = Metrics.CreateHistogram(
        "criruntime_stream_session_duration_seconds",
        "Time from the upgrade to the end of a streaming session, by kind.",
        new HistogramConfiguration { LabelNames = [Labels.Kind], Buckets = StreamDurationBuckets });

    public static readonly Counter StreamBytes = Metrics.CreateCounter(
        "criruntime_stream_bytes_total",
        "Payload bytes moved by streaming sessions, by kind and direction (in: from the client, out: to the client).",
        new CounterConfiguration { LabelNames = [Labels.Kind, Labels.Direction] });

    public static readonly Counter StreamRefusals = Metrics.CreateCounter(
        "criruntime_stream_refusals_total",
        "Streaming requests or sessions refused, by reason (unknown_token, session_cap, token_cap, bad_protocol, handshake_timeout, idle_timeout, frame_too_large, protocol_error, connection_cap).",
        new CounterConfiguration { LabelNames = [Labels.Reason] });
}
