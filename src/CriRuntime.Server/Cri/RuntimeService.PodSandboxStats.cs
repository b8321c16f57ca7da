using CriRuntime.Core.Containers;
using CriRuntime.Core.Sandboxes;
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
    /// A pod's usage as the sum of its containers' (the pod cgroup belongs to kubelet; the runtime knows its
    /// containers). Network usage is left to the network code.
    /// </summary>
    private Runtime.V1.PodSandboxStats ToPodStats(SandboxRecord sandbox)
    {
        var usages = containers.ListStats(new Core.Containers.ContainerFilter { SandboxId = sandbox.Id })
            .Where(u => u.Container.SandboxId == sandbox.Id)
            .ToList();
        var attributes = new PodSandboxAttributes { Id = sandbox.Id, Metadata = SandboxMetadata(sandbox) };
        attributes.Labels.Add(Copy(sandbox.Labels));
        attributes.Annotations.Add(Copy(sandbox.Annotations));
        var now = Clock.NowNanos();
        var cgroups = usages.Select(u => u.Cgroup).OfType<CgroupUsage>().ToList();
        var linux = new LinuxPodSandboxStats
        {
            Cpu = new CpuUsage { Timestamp = now, UsageCoreNanoSeconds = new UInt64Value { Value = (ulong)cgroups.Sum(c => (decimal)c.CpuUsageNanos) } },
            Memory = new MemoryUsage
            {
                Timestamp = now,
                WorkingSetBytes = new UInt64Value { Value = (ulong)cgroups.Sum(c => (decimal)c.MemoryWorkingSetBytes) },
                UsageBytes = new UInt64Value { Value = (ulong)cgroups.Sum(c => (decimal)c.MemoryUsageBytes) },
            },
        };
        linux.Containers.AddRange(usages.Select(ToStats));
        return new Runtime.V1.PodSandboxStats { Attributes = attributes, Linux = linux };
    }
}
