using CriRuntime.Core.Containers;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

/// <summary>
/// The metrics ListMetricDescriptors announces and ListPodSandboxMetrics samples, under cAdvisor's names and labels, so
/// that kubelet's <c>/metrics/cadvisor</c> with the <c>PodAndContainerStatsFromCRI</c> feature gate serves the series
/// dashboards already query. Labels as cAdvisor sets them for a Kubernetes container: <c>container</c> (its name),
/// <c>id</c> (its cgroup), <c>image</c>, <c>name</c> (the runtime's id), <c>namespace</c> and <c>pod</c>; network series
/// belong to the pod (container <c>POD</c>) and add <c>interface</c>, filesystem series add <c>device</c>. A value is
/// an unsigned integer (CRI's Metric), so CPU seconds are whole seconds.
/// </summary>
internal static class CadvisorMetrics
{
    private static readonly string[] ContainerLabels = ["container", "id", "image", "name", "namespace", "pod"];
    private static readonly string[] InterfaceLabels = [.. ContainerLabels, "interface"];
    private static readonly string[] DeviceLabels = [.. ContainerLabels, "device"];

    private static readonly ContainerMetric[] ContainerMetrics =
    [
        new("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", MetricType.Counter, u => u.Cgroup?.CpuUsageNanos / 1_000_000_000),
        new("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed", MetricType.Gauge, u => u.Cgroup?.MemoryUsageBytes),
        new("container_memory_working_set_bytes", "Current working set in bytes.", MetricType.Gauge, u => u.Cgroup?.MemoryWorkingSetBytes),
        new("container_memory_rss", "Size of RSS in bytes.", MetricType.Gauge, u => u.Cgroup?.MemoryRssBytes),
        new("container_memory_cache", "Number of bytes of page cache memory.", MetricType.Gauge, u => u.Cgroup?.MemoryCacheBytes),
        new("container_spec_memory_limit_bytes", "Memory limit for the container.", MetricType.Gauge, u => u.Cgroup?.MemoryLimitBytes),
        new("container_start_time_seconds", "Start time of the container since unix epoch in seconds.", MetricType.Gauge, u => (ulong)Math.Max(0, u.Container.StartedAt / 1_000_000_000)),
        new("container_last_seen", "Last time a container was seen by the exporter", MetricType.Gauge, u => (ulong)(u.Timestamp / 1_000_000_000)),
    ];

    private const string FsUsage = "container_fs_usage_bytes";

    private static readonly InterfaceMetric[] InterfaceMetrics =
    [
        new("container_network_receive_bytes_total", "Cumulative count of bytes received", i => i.RxBytes),
        new("container_network_receive_packets_total", "Cumulative count of packets received", i => i.RxPackets),
        new("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving", i => i.RxErrors),
        new("container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while receiving", i => i.RxDropped),
        new("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", i => i.TxBytes),
        new("container_network_transmit_packets_total", "Cumulative count of packets transmitted", i => i.TxPackets),
        new("container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting", i => i.TxErrors),
        new("container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while transmitting", i => i.TxDropped),
    ];

    public static IEnumerable<MetricDescriptor> Descriptors() =>
        ContainerMetrics.Select(m => Descriptor(m.Name, m.Help, ContainerLabels))
            .Append(Descriptor(FsUsage, "Number of bytes that are consumed by the container on this filesystem.", DeviceLabels))
            .Concat(InterfaceMetrics.Select(m => Descriptor(m.Name, m.Help, InterfaceLabels)));

    /// <summary>The samples of one pod: its network series, and each running container's.</summary>
    public static PodSandboxMetrics ForPod(SandboxRecord sandbox, IReadOnlyList<ContainerUsage> usages, PodNetworkUsage? network)
    {
        var pod = new PodSandboxMetrics { PodSandboxId = sandbox.Id };
        if (network is not null)
        {
            string[] labels = ["POD", sandbox.CgroupParent, "", sandbox.Id, sandbox.Namespace, sandbox.Name];
            foreach (var iface in network.Interfaces.Where(i => i.Name != "lo"))
            {
                pod.Metrics.AddRange(InterfaceMetrics.Select(m => Sample(m.Name, MetricType.Counter, [.. labels, iface.Name], m.Value(iface))));
            }
        }

        foreach (var usage in usages.Where(u => u.Cgroup is not null))
        {
            var r = usage.Container;
            string[] labels = [r.Name, r.CgroupsPath.Length > 0 ? r.CgroupsPath : r.Id, r.Image, r.Id, sandbox.Namespace, sandbox.Name];
            var metrics = new ContainerMetrics { ContainerId = r.Id };
            metrics.Metrics.AddRange(ContainerMetrics.Select(m => Sample(m.Name, m.Type, labels, m.Value(usage) ?? 0)));
            metrics.Metrics.Add(Sample(FsUsage, MetricType.Gauge, [.. labels, usage.WritableLayerPath], usage.WritableBytes));
            pod.ContainerMetrics.Add(metrics);
        }

        return pod;
    }

    private static MetricDescriptor Descriptor(string name, string help, string[] labels)
    {
        var descriptor = new MetricDescriptor { Name = name, Help = help };
        descriptor.LabelKeys.AddRange(labels);
        return descriptor;
    }

    private static Metric Sample(string name, MetricType type, string[] labels, ulong value)
    {
        var metric = new Metric { Name = name, MetricType = type, Value = new UInt64Value { Value = value } };
        metric.LabelValues.AddRange(labels);
        return metric;
    }

    private sealed record ContainerMetric(string Name, string Help, MetricType Type, Func<ContainerUsage, ulong?> Value);

    private sealed record InterfaceMetric(string Name, string Help, Func<InterfaceUsage, ulong> Value);
}
