using CriRuntime.Core.Containers;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<PodSandboxStatsResponse> PodSandboxStats(PodSandboxStatsRequest request, ServerCallContext context)
    {
        var sandbox = sandboxes.Status(request.PodSandboxId);
        return Task.FromResult(new PodSandboxStatsResponse { Stats = ToPodStats(sandbox) });
    }

    /// <summary>
    /// A pod's usage: CPU and memory as the sum of its containers' (the pod cgroup belongs to kubelet; the runtime
    /// knows its containers), the network counters of the pod's own network namespace.
    /// </summary>
    private Runtime.V1.PodSandboxStats ToPodStats(SandboxRecord sandbox)
    {
        var usages = containers.ListStats(new Core.Containers.ContainerFilter { SandboxId = sandbox.Id })
            .Where(u => u.Container.SandboxId == sandbox.Id)
            .ToList();
        var attributes = new PodSandboxAttributes { Id = sandbox.Id, Metadata = SandboxMetadata(sandbox) };
        attributes.Labels.Add(Copy(sandbox.Labels));
        attributes.Annotations.Add(Copy(sandbox.Annotations));
        var now = Clock.NowNanos(time);
        var cgroups = usages.Select(u => u.Cgroup).OfType<CgroupUsage>().ToList();
        // The pod's own cgroup holds every container (and counts what exited); without one, the containers' sum.
        var linux = containers.PodUsage(sandbox) is { } pod
            ? new LinuxPodSandboxStats
            {
                Cpu = new CpuUsage { Timestamp = pod.TimestampNanos, UsageCoreNanoSeconds = new UInt64Value { Value = pod.CpuUsageNanos }, Psi = ToPsi(pod.CpuPressure) },
                Memory = ToMemory(pod.TimestampNanos, pod),
                Io = ToPsi(pod.IoPressure) is { } io ? new IoUsage { Timestamp = pod.TimestampNanos, Psi = io } : null,
            }
            : new LinuxPodSandboxStats
            {
                Cpu = new CpuUsage { Timestamp = now, UsageCoreNanoSeconds = new UInt64Value { Value = Sum(cgroups, c => c.CpuUsageNanos) } },
                Memory = new MemoryUsage
                {
                    Timestamp = now,
                    WorkingSetBytes = new UInt64Value { Value = Sum(cgroups, c => c.MemoryWorkingSetBytes) },
                    UsageBytes = new UInt64Value { Value = Sum(cgroups, c => c.MemoryUsageBytes) },
                    RssBytes = new UInt64Value { Value = Sum(cgroups, c => c.MemoryRssBytes) },
                    PageFaults = new UInt64Value { Value = Sum(cgroups, c => c.PageFaults) },
                    MajorPageFaults = new UInt64Value { Value = Sum(cgroups, c => c.MajorPageFaults) },
                },
            };
        if (sandboxes.NetworkUsage(sandbox) is { } network)
        {
            linux.Network = new NetworkUsage { Timestamp = network.TimestampNanos, DefaultInterface = ToInterface(network.DefaultInterface) };
            linux.Network.Interfaces.AddRange(network.Interfaces.Select(ToInterface));
        }

        linux.Containers.AddRange(usages.Select(ToStats));
        return new Runtime.V1.PodSandboxStats { Attributes = attributes, Linux = linux };
    }

    private static ulong Sum(List<CgroupUsage> cgroups, Func<CgroupUsage, ulong> value) => (ulong)cgroups.Sum(c => (decimal)value(c));

    private static NetworkInterfaceUsage? ToInterface(InterfaceUsage? usage) => usage is null ? null : new NetworkInterfaceUsage
    {
        Name = usage.Name,
        RxBytes = new UInt64Value { Value = usage.RxBytes },
        RxErrors = new UInt64Value { Value = usage.RxErrors },
        TxBytes = new UInt64Value { Value = usage.TxBytes },
        TxErrors = new UInt64Value { Value = usage.TxErrors },
    };
}
