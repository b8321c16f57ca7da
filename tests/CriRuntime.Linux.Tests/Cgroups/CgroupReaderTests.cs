using CriRuntime.Core.Spec;
using CriRuntime.Linux.Cgroups;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Linux.Tests.Cgroups;

/// <summary>The cgroup readers pointed at fixture trees shaped like cgroupfs v1 and v2, procfs and sysfs.</summary>
public sealed class CgroupReaderTests : IDisposable
{
    private readonly FixtureTree _tree = new("criruntime-cgroups-");

    private string Cgroup => _tree["sys/fs/cgroup"];

    private string Proc => _tree["proc"];

    private string Sys => _tree["sys"];

    [Fact]
    public void V2_usage_comes_from_the_unified_directory_of_the_process()
    {
        _tree.File("proc/42/cgroup", "0::/kubepods/c1\n")
            .File("sys/fs/cgroup/kubepods/c1/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n")
            .File("sys/fs/cgroup/kubepods/c1/memory.current", "1000000\n")
            .File("sys/fs/cgroup/kubepods/c1/memory.max", "max\n")
            .File("sys/fs/cgroup/kubepods/c1/memory.stat", "anon 600000\nfile 300000\ninactive_file 200000\npgfault 7\npgmajfault 1\n")
            .File("sys/fs/cgroup/kubepods/c1/cpu.pressure", "some avg10=1.50 avg60=0.00 avg300=0.00 total=5000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=100\n")
            .File("sys/fs/cgroup/kubepods/c1/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        var reader = new CgroupReader(Cgroup, Proc, new CgroupCapabilities { Version = 2 });

        var usage = reader.ReadForProcess(42)!;

        Assert.Equal((1_500_000UL, 800_000UL, 1_000_000UL), (usage.CpuUsageNanos, usage.MemoryWorkingSetBytes, usage.MemoryUsageBytes));
        Assert.Equal((600_000UL, 300_000UL, 7UL, 1UL, 0UL), (usage.MemoryRssBytes, usage.MemoryCacheBytes, usage.PageFaults, usage.MajorPageFaults, usage.MemoryLimitBytes));
        Assert.Equal(5000UL, usage.CpuPressure?.Some?.TotalMicros);
        Assert.Null(usage.IoPressure);
        Assert.True(reader.WasOomKilled("/kubepods/c1", systemd: false));
        Assert.Null(reader.ReadForProcess(43));
    }

    [Fact]
    public void V1_usage_comes_from_the_cpuacct_and_memory_hierarchies_and_unlimited_is_no_limit()
    {
        _tree.File("proc/42/cgroup", "12:memory:/kubepods/c1\n5:cpu,cpuacct:/kubepods/c1\n1:name=systemd:/\n0::/\n")
            .File("sys/fs/cgroup/cpu,cpuacct/kubepods/c1/cpuacct.usage", "123456789\n")
            .File("sys/fs/cgroup/memory/kubepods/c1/memory.usage_in_bytes", "5000\n")
            .File("sys/fs/cgroup/memory/kubepods/c1/memory.limit_in_bytes", "9223372036854771712\n")
            .File("sys/fs/cgroup/memory/kubepods/c1/memory.stat", "cache 1\ntotal_cache 1500\ntotal_rss 3000\ntotal_inactive_file 1000\ntotal_pgfault 9\ntotal_pgmajfault 2\n")
            .File("sys/fs/cgroup/memory/kubepods/c1/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        var reader = new CgroupReader(Cgroup, Proc, new CgroupCapabilities { Version = 1 });

        var usage = reader.ReadForProcess(42)!;

        Assert.Equal((123_456_789UL, 4000UL, 5000UL), (usage.CpuUsageNanos, usage.MemoryWorkingSetBytes, usage.MemoryUsageBytes));
        Assert.Equal((3000UL, 1500UL, 9UL, 2UL, 0UL), (usage.MemoryRssBytes, usage.MemoryCacheBytes, usage.PageFaults, usage.MajorPageFaults, usage.MemoryLimitBytes));
        Assert.Null(usage.CpuPressure);
        Assert.False(reader.WasOomKilled("/kubepods/c1", systemd: false));
        Assert.Equal(4000UL, reader.ReadForParent("/kubepods/c1", systemd: false)?.MemoryWorkingSetBytes);
        Assert.Null(reader.ReadForParent("/kubepods/../etc", systemd: false));
    }

    [Fact]
    public void Empty_cgroups_are_removed_in_every_v1_hierarchy_and_a_busy_one_is_left()
    {
        _tree.Directory("sys/fs/cgroup/memory/criruntime/c1").Directory("sys/fs/cgroup/cpu,cpuacct/criruntime/c1")
            .File("sys/fs/cgroup/pids/criruntime/c1/child/cgroup.procs", "7\n");
        var reader = new CgroupReader(Cgroup, Proc, new CgroupCapabilities { Version = 1 });

        reader.RemoveIfEmpty("/criruntime/c1", systemd: false);

        Assert.False(Directory.Exists(_tree["sys/fs/cgroup/memory/criruntime/c1"]));
        Assert.False(Directory.Exists(_tree["sys/fs/cgroup/cpu,cpuacct/criruntime/c1"]));
        Assert.True(Directory.Exists(_tree["sys/fs/cgroup/pids/criruntime/c1"]), "a cgroup with a child stays");
    }

    [Fact]
    public void The_v2_probe_reads_the_root_controllers_swap_huge_pages_and_online_cpus()
    {
        _tree.File("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids\n")
            .File("proc/self/cgroup", "0::/system.slice/criruntimed.service\n")
            .File("sys/fs/cgroup/system.slice/criruntimed.service/memory.swap.max", "max\n")
            .Directory("sys/kernel/mm/hugepages/hugepages-1048576kB").Directory("sys/kernel/mm/hugepages/hugepages-2048kB")
            .File("sys/devices/system/cpu/online", "0-1\n");

        var capabilities = CgroupCapabilityProbe.Probe(Cgroup, Proc, Sys);

        Assert.True(capabilities.Unified);
        Assert.True(capabilities.Hugetlb && capabilities.MemorySwap && capabilities.BlkioWeight);
        Assert.False(capabilities.CpuRealtime);
        Assert.Equal(["2MB", "1GB"], capabilities.HugepageSizes);
        Assert.Equal("0-1", capabilities.OnlineCpus);
    }

    [Fact]
    public void The_v1_probe_takes_enabled_controllers_that_are_mounted()
    {
        _tree.File("proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t3\t1\t1\ncpuacct\t3\t1\t1\nmemory\t4\t1\t1\nhugetlb\t0\t1\t0\nblkio\t5\t1\t1\n")
            .File("proc/self/mounts", "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,memory 0 0\ncgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0\ncgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n")
            .File("sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", "9223372036854771712\n")
            .File("sys/fs/cgroup/cpu/cpu.rt_runtime_us", "950000\n");

        var capabilities = CgroupCapabilityProbe.Probe(Cgroup, Proc, Sys);

        Assert.Equal(1, capabilities.Version);
        Assert.Equal(["cpu", "cpuacct", "memory"], capabilities.Controllers.Order(StringComparer.Ordinal));
        Assert.True(capabilities.MemorySwap && capabilities.CpuRealtime);
        Assert.False(capabilities.BlkioWeight, "blkio is enabled but not mounted");
        Assert.Empty(capabilities.HugepageSizes);
    }

    public void Dispose() => _tree.Dispose();
}
