using System.Text;
using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>UpdateContainerResources on a running container, read back from the cgroup files inside it (root only).</summary>
public sealed class ResizeTests : IAsyncLifetime
{
    // cgroup v1 files first, then the v2 ones: the container sees its own cgroup either way.
    private const string ReadLimits =
        "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max; "
        + "cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.swap.max; "
        + "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cut -d' ' -f1 /sys/fs/cgroup/cpu.max";

    private readonly PodHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task New_memory_swap_and_cpu_limits_show_in_the_running_containers_cgroup()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("resize"), default);
        var id = await _host.Containers.CreateAsync(
            _host.Container(pod, "resize", "/bin/sleep", "3600") with
            {
                Resources = new ResourceLimits { MemoryLimitInBytes = 64 << 20, MemorySwapLimitInBytes = 64 << 20, CpuPeriod = 100000, CpuQuota = 50000 },
            },
            default);
        await _host.Containers.StartAsync(id, default);
        var before = await ReadAsync(id);

        var resized = new ResourceLimits { MemoryLimitInBytes = 128 << 20, MemorySwapLimitInBytes = 256 << 20, CpuPeriod = 100000, CpuQuota = 20000 };
        await _host.Containers.UpdateResourcesAsync(id, resized, default);
        var after = await ReadAsync(id);

        Assert.Equal(["67108864", "67108864", "50000"], before);
        Assert.Equal(["134217728", "268435456", "20000"], after);
        Assert.Equal(128 << 20, _host.Containers.Status(id).Resources!.MemoryLimitInBytes);
    }

    private async Task<string[]> ReadAsync(string id)
    {
        var result = await _host.Containers.ExecSyncAsync(id, ["/bin/sh", "-c", ReadLimits], TimeSpan.FromSeconds(20), default);
        return Encoding.UTF8.GetString(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
