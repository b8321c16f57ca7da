using CriRuntime.Core.Containers;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ContainerStatsResponse> ContainerStats(ContainerStatsRequest request, ServerCallContext context) =>
        Task.FromResult(new ContainerStatsResponse { Stats = ToStats(containers.Stats(request.ContainerId)) });

    private static Runtime.V1.ContainerStats ToStats(ContainerUsage usage)
    {
        var r = usage.Container;
        var attributes = new ContainerAttributes { Id = r.Id, Metadata = ContainerMetadataOf(r) };
        attributes.Labels.Add(Copy(r.Labels));
        attributes.Annotations.Add(Copy(r.Annotations));
        var stats = new Runtime.V1.ContainerStats
        {
            Attributes = attributes,
            Cpu = new CpuUsage { Timestamp = usage.Timestamp },
            Memory = new MemoryUsage { Timestamp = usage.Timestamp },
            WritableLayer = new FilesystemUsage
            {
                Timestamp = usage.Timestamp,
                FsId = new FilesystemIdentifier { Mountpoint = usage.WritableLayerPath },
                UsedBytes = new UInt64Value { Value = usage.WritableBytes },
                InodesUsed = new UInt64Value { Value = usage.WritableInodes },
            },
        };
        if (usage.Cgroup is { } cgroup)
        {
            stats.Cpu.UsageCoreNanoSeconds = new UInt64Value { Value = cgroup.CpuUsageNanos };
            stats.Memory.WorkingSetBytes = new UInt64Value { Value = cgroup.MemoryWorkingSetBytes };
            stats.Memory.UsageBytes = new UInt64Value { Value = cgroup.MemoryUsageBytes };
        }

        return stats;
    }
}
