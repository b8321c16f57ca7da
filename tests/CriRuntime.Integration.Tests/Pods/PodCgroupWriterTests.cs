using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Linux.Cgroups;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>The pod cgroup files <see cref="PodCgroupWriter"/> writes, over a fake cgroup mount (no root needed).</summary>
public sealed class PodCgroupWriterTests : IDisposable
{
    private static readonly PodCgroupLimits Limits = new() { CpuShares = 1024, CpuQuota = 50_000, CpuPeriod = 100_000, MemoryLimitBytes = 64 << 20 };

    private readonly string _root = Directory.CreateTempSubdirectory("criruntime-cgroupfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Cgroup_v2_gets_weight_cpu_max_and_memory_max_in_the_slice_systemd_names()
    {
        var dir = Touch("kubepods.slice/kubepods-pod1.slice", "cpu.weight", "cpu.max", "memory.max");
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "cpu memory\n");

        var made = new PodCgroupWriter(_root).Apply("kubepods-pod1.slice", systemd: true, Limits);

        Assert.False(made);
        Assert.Equal("39", Read(dir, "cpu.weight"));
        Assert.Equal("50000 100000", Read(dir, "cpu.max"));
        Assert.Equal((64 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), Read(dir, "memory.max"));

        new PodCgroupWriter(_root).Apply("kubepods-pod1.slice", systemd: true, Limits with { CpuQuota = -1, MemoryLimitBytes = -1 });
        Assert.Equal("max 100000", Read(dir, "cpu.max"));
        Assert.Equal("max", Read(dir, "memory.max"));
    }

    [Fact]
    public void Cgroup_v1_gets_shares_quota_period_and_limit_and_a_missing_file_is_skipped()
    {
        var cpu = Touch("cpu/kubepods/pod1", "cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us");
        var memory = Touch("memory/kubepods/pod1");

        new PodCgroupWriter(_root).Apply("/kubepods/pod1", systemd: false, Limits);

        Assert.Equal("1024", Read(cpu, "cpu.shares"));
        Assert.Equal("50000", Read(cpu, "cpu.cfs_quota_us"));
        Assert.Equal("100000", Read(cpu, "cpu.cfs_period_us"));
        Assert.False(File.Exists(Path.Combine(memory, "memory.limit_in_bytes")));
    }

    [Fact]
    public void A_missing_cgroupfs_pod_cgroup_is_made_below_an_existing_one_and_a_parent_outside_the_root_refused()
    {
        Touch("cpu");
        Touch("memory");

        Assert.True(new PodCgroupWriter(_root).Apply("/new", systemd: false, Limits));
        Assert.True(Directory.Exists(Path.Combine(_root, "cpu/new")) && Directory.Exists(Path.Combine(_root, "memory/new")));
        Assert.False(new PodCgroupWriter(_root).Apply("/missing/pod", systemd: false, Limits));
        Assert.False(Directory.Exists(Path.Combine(_root, "cpu/missing")));
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<CriException>(() => new PodCgroupWriter(_root).Apply("/a/../../etc", systemd: false, Limits)).Kind);
    }

    private string Touch(string relative, params string[] files)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, relative)).FullName;
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(dir, file), "");
        }

        return dir;
    }

    private static string Read(string dir, string file) => File.ReadAllText(Path.Combine(dir, file));
}
