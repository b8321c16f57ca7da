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
                Timestamp = usage.WritableMeasuredAt > 0 ? usage.WritableMeasuredAt : usage.Timestamp,
                FsId = new FilesystemIdentifier { Mountpoint = usage.WritableLayerPath },
                UsedBytes = new UInt64Value { Value = usage.WritableBytes },
                InodesUsed = new UInt64Value { Value = usage.WritableInodes },
            },
        };
        if (usage.Cgroup is { } cgroup)
        {
            stats.Cpu.UsageCoreNanoSeconds = new UInt64Value { Value = cgroup.CpuUsageNanos };
            stats.Cpu.Psi = ToPsi(cgroup.CpuPressure);
            stats.Memory = ToMemory(usage.Timestamp, cgroup);
            if (ToPsi(cgroup.IoPressure) is { } io)
            {
                stats.Io = new IoUsage { Timestamp = usage.Timestamp, Psi = io };
            }
        }

        return stats;
    }

    /// <summary>Memory as kubelet's summary API reads it: available is the limit minus the working set, when limited.</summary>
    private static MemoryUsage ToMemory(long timestamp, CgroupUsage cgroup)
    {
        var memory = new MemoryUsage
        {
            Timestamp = timestamp,
            WorkingSetBytes = new UInt64Value { Value = cgroup.MemoryWorkingSetBytes },
            UsageBytes = new UInt64Value { Value = cgroup.MemoryUsageBytes },
            RssBytes = new UInt64Value { Value = cgroup.MemoryRssBytes },
            PageFaults = new UInt64Value { Value = cgroup.PageFaults },
            MajorPageFaults = new UInt64Value { Value = cgroup.MajorPageFaults },
            Psi = ToPsi(cgroup.MemoryPressure),
        };
        if (cgroup.MemoryLimitBytes > 0)
        {
            memory.AvailableBytes = new UInt64Value
            {
                Value = cgroup.MemoryLimitBytes > cgroup.MemoryWorkingSetBytes ? cgroup.MemoryLimitBytes - cgroup.MemoryWorkingSetBytes : 0,
            };
        }

        return memory;
    }

    /// <summary>The kernel counts stall totals in microseconds; CRI's PsiData.Total is in nanoseconds.</summary>
    private static PsiStats? ToPsi(PressureStall? stall) => stall is null ? null : new PsiStats
    {
        Some = ToPsiData(stall.Some),
        Full = ToPsiData(stall.Full),
    };

    private static PsiData? ToPsiData(PressureLine? line) => line is null ? null : new PsiData
    {
        Total = line.TotalMicros * 1000,
        Avg10 = line.Avg10,
        Avg60 = line.Avg60,
        Avg300 = line.Avg300,
    };
}
