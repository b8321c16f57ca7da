using System.Globalization;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Pod-level resources and overhead in the pod cgroup's files (cgroup v1, cgroupfs driver on these hosts).</summary>
public sealed partial class DaemonPodTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Pod_resources_and_overhead_are_written_to_the_pod_cgroup_on_run_and_resize_and_it_goes_with_the_pod()
    {
        Assert.False(File.Exists("/sys/fs/cgroup/cgroup.controllers"), "this test reads cgroup v1 files; the v2 path is checked in the VM");
        var runtime = _daemon.Runtime;
        var parent = "/criruntime-it-pod-" + Guid.NewGuid().ToString("N")[..12];
        var podConfig = PodConfig("podresources");
        podConfig.Linux.CgroupParent = parent;
        podConfig.Linux.Resources = new LinuxContainerResources { CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 100_000, MemoryLimitInBytes = 256 * MiB };
        podConfig.Linux.Overhead = new LinuxContainerResources { CpuShares = 128, CpuQuota = 10_000, CpuPeriod = 100_000, MemoryLimitInBytes = 32 * MiB };
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var cpu = Path.Combine("/sys/fs/cgroup/cpu", parent.TrimStart('/'));
        var memory = Path.Combine("/sys/fs/cgroup/memory", parent.TrimStart('/'));

        Assert.Equal(640, Read(cpu, "cpu.shares"));
        Assert.Equal(60_000, Read(cpu, "cpu.cfs_quota_us"));
        Assert.Equal(100_000, Read(cpu, "cpu.cfs_period_us"));
        Assert.Equal(288 * MiB, Read(memory, "memory.limit_in_bytes"));

        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = ContainerConfig("inside", "/bin/sleep", "3600"), SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        await runtime.UpdatePodSandboxResourcesAsync(new UpdatePodSandboxResourcesRequest
        {
            PodSandboxId = pod,
            Overhead = podConfig.Linux.Overhead,
            Resources = new LinuxContainerResources { CpuShares = 1024, CpuPeriod = 100_000, MemoryLimitInBytes = 512 * MiB },
        });

        Assert.Equal(1152, Read(cpu, "cpu.shares"));
        Assert.Equal(-1, Read(cpu, "cpu.cfs_quota_us"));
        Assert.Equal(544 * MiB, Read(memory, "memory.limit_in_bytes"));
        Assert.Contains(id, Directory.EnumerateDirectories(memory).Select(Path.GetFileName));

        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
        Assert.False(Directory.Exists(cpu));
        Assert.False(Directory.Exists(memory));
    }

    private static long Read(string dir, string file) => long.Parse(File.ReadAllText(Path.Combine(dir, file)).Trim(), CultureInfo.InvariantCulture);
}
