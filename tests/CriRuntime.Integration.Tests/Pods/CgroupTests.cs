using CriRuntime.Linux.Cgroups;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>cgroup paths for both drivers and usage reading from a fake v1 and v2 tree (no root needed).</summary>
public sealed class CgroupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cgroup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("/kubepods/besteffort/pod1", false, "/kubepods/besteffort/pod1/abc")]
    [InlineData("kubepods/pod1/", false, "/kubepods/pod1/abc")]
    [InlineData("", false, "/criruntime/abc")]
    [InlineData("kubepods-besteffort-pod1.slice", true, "kubepods-besteffort-pod1.slice:criruntime:abc")]
    [InlineData("", true, "system.slice:criruntime:abc")]
    public void Container_paths_follow_the_driver(string parent, bool systemd, string expected) =>
        Assert.Equal(expected, CgroupPaths.ForContainer(parent, "abc", systemd));

    [Fact]
    public void Systemd_paths_expand_their_slices()
    {
        Assert.Equal("kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/criruntime-abc.scope",
            CgroupPaths.Directory("kubepods-besteffort-pod1.slice:criruntime:abc", systemd: true));
        Assert.Equal("kubepods/pod1/abc", CgroupPaths.Directory("/kubepods/pod1/abc", systemd: false));
        Assert.Equal("", CgroupPaths.ExpandSlice("-.slice"));
    }

    [Fact]
    public void V1_usage_comes_from_cpuacct_and_memory_minus_inactive_file()
    {
        var cgroups = Path.Combine(_dir, "sys");
        Write(cgroups, "cpu,cpuacct/kubepods/abc/cpuacct.usage", "123456789\n");
        Write(cgroups, "memory/kubepods/abc/memory.usage_in_bytes", "10000\n");
        Write(cgroups, "memory/kubepods/abc/memory.stat", "cache 5\ntotal_cache 3000\ntotal_rss 5000\ntotal_pgfault 77\ntotal_pgmajfault 3\ntotal_inactive_file 4000\n");
        Write(cgroups, "memory/kubepods/abc/memory.limit_in_bytes", "9223372036854771712\n");
        Write(cgroups, "memory/kubepods/abc/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        var proc = Path.Combine(_dir, "proc");
        Write(proc, "42/cgroup", "12:memory:/kubepods/abc\n4:cpu,cpuacct:/kubepods/abc\n1:name=systemd:/x\n0::/\n");

        var reader = new CgroupReader(cgroups, proc);
        var usage = reader.ReadForProcess(42);

        Assert.NotNull(usage);
        Assert.Equal(123456789UL, usage.CpuUsageNanos);
        Assert.Equal(6000UL, usage.MemoryWorkingSetBytes);
        Assert.Equal(10000UL, usage.MemoryUsageBytes);
        Assert.Equal((5000UL, 3000UL, 77UL, 3UL, 0UL), (usage.MemoryRssBytes, usage.MemoryCacheBytes, usage.PageFaults, usage.MajorPageFaults, usage.MemoryLimitBytes));
        Assert.Null(usage.CpuPressure);
        Assert.Equal(usage with { TimestampNanos = 0 }, reader.ReadForParent("/kubepods/abc", systemd: false)! with { TimestampNanos = 0 });
        Assert.Null(reader.ReadForParent("/kubepods/../..", systemd: false));
        Assert.True(reader.WasOomKilled("/kubepods/abc", systemd: false));
        Assert.Null(reader.ReadForProcess(43));
    }

    [Fact]
    public void V2_usage_comes_from_cpu_stat_and_memory_current()
    {
        var cgroups = Path.Combine(_dir, "sys2");
        Write(cgroups, "cgroup.controllers", "cpu memory pids\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/cpu.stat", "usage_usec 2500\nuser_usec 2000\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/memory.current", "8192\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/memory.stat", "anon 4096\nfile 2048\ninactive_file 1024\npgfault 10\npgmajfault 2\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/memory.max", "16384\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/cpu.pressure", "some avg10=0.50 avg60=0.10 avg300=0.00 total=1000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=10\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=4\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/io.pressure", "some avg10=2.00 avg60=0.00 avg300=0.00 total=300\nfull avg10=1.00 avg60=0.00 avg300=0.00 total=200\n");
        Write(cgroups, "kubepods.slice/criruntime-abc.scope/memory.events", "low 0\noom 0\noom_kill 0\n");
        var proc = Path.Combine(_dir, "proc2");
        Write(proc, "7/cgroup", "0::/kubepods.slice/criruntime-abc.scope\n");

        var reader = new CgroupReader(cgroups, proc);
        var usage = reader.ReadForProcess(7);

        Assert.NotNull(usage);
        Assert.Equal(2500000UL, usage.CpuUsageNanos);
        Assert.Equal(7168UL, usage.MemoryWorkingSetBytes);
        Assert.Equal((4096UL, 2048UL, 10UL, 2UL, 16384UL), (usage.MemoryRssBytes, usage.MemoryCacheBytes, usage.PageFaults, usage.MajorPageFaults, usage.MemoryLimitBytes));
        Assert.Equal(1000UL, usage.CpuPressure!.Some!.TotalMicros);
        Assert.Equal(0.5, usage.CpuPressure.Some.Avg10);
        Assert.Equal(4UL, usage.MemoryPressure!.Full!.TotalMicros);
        Assert.Equal(200UL, usage.IoPressure!.Full!.TotalMicros);
        Assert.Equal(8192UL, reader.ReadForParent("/kubepods.slice/criruntime-abc.scope", systemd: false)!.MemoryUsageBytes);
        Assert.Null(reader.ReadForParent("kubepods-besteffort.slice", systemd: true));
        Assert.False(reader.WasOomKilled("kubepods.slice:criruntime:abc", systemd: true));
    }

    [Fact]
    public void The_v1_probe_sees_mounted_controllers_only_swap_accounting_and_page_sizes()
    {
        var cgroups = Path.Combine(_dir, "probe1");
        Write(cgroups, "memory/memory.memsw.limit_in_bytes", "9223372036854771712\n");
        Write(cgroups, "cpu/cpu.rt_runtime_us", "0\n");
        var proc = Path.Combine(_dir, "probe1-proc");
        Write(proc, "cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t1\t1\t1\nmemory\t4\t59\t1\nhugetlb\t0\t1\t1\nrdma\t0\t1\t0\n");
        Write(proc, "self/mounts", "tmpfs /sys/fs/cgroup tmpfs rw 0 0\ncgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
            + "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\ncgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0\n"
            + "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n");
        var sys = Path.Combine(_dir, "probe1-sys");
        Directory.CreateDirectory(Path.Combine(sys, "kernel/mm/hugepages/hugepages-1048576kB"));
        Directory.CreateDirectory(Path.Combine(sys, "kernel/mm/hugepages/hugepages-2048kB"));
        Directory.CreateDirectory(Path.Combine(sys, "kernel/mm/hugepages/hugepages-64kB"));
        Write(sys, "devices/system/cpu/online", "0-1\n");

        var host = CgroupCapabilityProbe.Probe(cgroups, proc, sys);

        Assert.Equal(1, host.Version);
        Assert.Equal(["cpu", "memory"], host.Controllers.Order(StringComparer.Ordinal));
        Assert.False(host.Hugetlb);
        Assert.Equal(["64KB", "2MB", "1GB"], host.HugepageSizes);
        Assert.True(host.MemorySwap);
        Assert.True(host.CpuRealtime);
        Assert.False(host.BlkioWeight);
        Assert.False(host.Unified);
        Assert.Equal("0-1", host.OnlineCpus);
        Assert.Equal("", host.OnlineMems);
    }

    [Fact]
    public void The_v2_probe_reads_cgroup_controllers_and_the_daemons_own_swap_file()
    {
        var cgroups = Path.Combine(_dir, "probe2");
        Write(cgroups, "cgroup.controllers", "cpuset cpu io memory hugetlb pids misc\n");
        Write(cgroups, "system.slice/criruntime.service/memory.swap.max", "max\n");
        var proc = Path.Combine(_dir, "probe2-proc");
        Write(proc, "self/cgroup", "0::/system.slice/criruntime.service\n");

        var host = CgroupCapabilityProbe.Probe(cgroups, proc, Path.Combine(_dir, "probe2-sys"));

        Assert.Equal(2, host.Version);
        Assert.True(host.Hugetlb);
        Assert.True(host.Misc);
        Assert.False(host.Rdma);
        Assert.True(host.MemorySwap);
        Assert.True(host.BlkioWeight);
        Assert.False(host.CpuRealtime);
        Assert.True(host.Unified);
        Assert.Empty(host.HugepageSizes);

        File.Delete(Path.Combine(cgroups, "system.slice/criruntime.service/memory.swap.max"));
        Assert.False(CgroupCapabilityProbe.Probe(cgroups, proc, Path.Combine(_dir, "probe2-sys")).MemorySwap);
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
