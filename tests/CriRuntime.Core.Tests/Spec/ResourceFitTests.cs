using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Core.Tests.Spec;

public sealed class ResourceFitTests
{
    /// <summary>These hosts: cgroup v1 with memory swap accounting, no hugetlb mounted, two huge page sizes, two CPUs.</summary>
    private static readonly CgroupCapabilities V1WithoutHugetlb = new()
    {
        Version = 1,
        Controllers = new HashSet<string>(["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"], StringComparer.Ordinal),
        HugepageSizes = ["2MB", "1GB"],
        MemorySwap = true,
        CpuRealtime = true,
        OnlineCpus = "0-1",
        OnlineMems = "0",
    };

    /// <summary>What kubelet v1.32 sends for a burstable container on a v1 node with swap accounting.</summary>
    private static readonly ResourceLimits KubeletLimits = new()
    {
        CpuPeriod = 100000,
        CpuQuota = 50000,
        CpuShares = 102,
        MemoryLimitInBytes = 128 << 20,
        MemorySwapLimitInBytes = 128 << 20,
        OomScoreAdj = 968,
        HugepageLimits = new Dictionary<string, ulong> { ["2MB"] = 0, ["1GB"] = 0 },
    };

    [Fact]
    public void Hugepage_limits_are_dropped_when_hugetlb_is_not_mounted()
    {
        var fitted = ResourceFit.Fit(KubeletLimits, V1WithoutHugetlb);

        Assert.Empty(fitted.Limits.HugepageLimits);
        Assert.Contains(fitted.Dropped, d => d.StartsWith("hugepage_limits", StringComparison.Ordinal));
        Assert.Equal(KubeletLimits.MemorySwapLimitInBytes, fitted.Limits.MemorySwapLimitInBytes);
        Assert.Equal(KubeletLimits.CpuQuota, fitted.Limits.CpuQuota);
        var spec = SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithResources(fitted.Limits));
        Assert.Null(spec.Linux.Resources!.HugepageLimits);
        Assert.Equal(128L << 20, spec.Linux.Resources.Memory!.Swap);
    }

    [Fact]
    public void Hugepage_limits_stay_when_hugetlb_is_there_and_unknown_sizes_are_InvalidArgument()
    {
        var host = V1WithoutHugetlb with { Controllers = new HashSet<string>(V1WithoutHugetlb.Controllers.Append("hugetlb"), StringComparer.Ordinal) };

        var fitted = ResourceFit.Fit(KubeletLimits, host);
        Assert.Empty(fitted.Dropped);
        Assert.Equal(2, fitted.Limits.HugepageLimits.Count);

        var error = Assert.Throws<CriException>(() => ResourceFit.Fit(KubeletLimits with { HugepageLimits = new Dictionary<string, ulong> { ["4MB"] = 0 } }, host));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("hugepage_limits", error.Message, StringComparison.Ordinal);
        Assert.Contains("2MB, 1GB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("2mb")]
    [InlineData("")]
    public void Malformed_page_sizes_are_InvalidArgument_even_without_hugetlb(string size)
    {
        var error = Assert.Throws<CriException>(() => ResourceFit.Fit(new ResourceLimits { HugepageLimits = new Dictionary<string, ulong> { [size] = 0 } }, V1WithoutHugetlb));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("hugepage_limits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swap_is_dropped_without_swap_accounting()
    {
        var fitted = ResourceFit.Fit(KubeletLimits, V1WithoutHugetlb with { MemorySwap = false });

        Assert.Equal(0, fitted.Limits.MemorySwapLimitInBytes);
        Assert.Contains(fitted.Dropped, d => d.StartsWith("memory_swap_limit_in_bytes", StringComparison.Ordinal));
        Assert.Null(SpecOpts.Build(SpecOpts.Defaults(), SpecOpts.WithResources(fitted.Limits)).Linux.Resources!.Memory!.Swap);
    }

    [Fact]
    public void Unified_keys_are_dropped_on_v1_and_per_missing_controller_on_v2()
    {
        var limits = new ResourceLimits { Unified = new Dictionary<string, string> { ["memory.oom.group"] = "1", ["rdma.max"] = "mlx4_0 hca_handle=2", ["memory.swap.max"] = "0" } };

        var v1 = ResourceFit.Fit(limits, V1WithoutHugetlb);
        Assert.Empty(v1.Limits.Unified);
        Assert.Equal(3, v1.Dropped.Count);

        var v2 = ResourceFit.Fit(limits, new CgroupCapabilities { Version = 2, Controllers = new HashSet<string>(["cpu", "memory"], StringComparer.Ordinal) });
        Assert.Equal(["memory.oom.group"], v2.Limits.Unified.Keys);
        Assert.Contains(v2.Dropped, d => d.Contains("rdma controller", StringComparison.Ordinal));
        Assert.Contains(v2.Dropped, d => d.Contains("memory.swap.max", StringComparison.Ordinal));

        var everything = ResourceFit.Fit(limits, CgroupCapabilities.Everything);
        Assert.Empty(everything.Dropped);
        Assert.Equal(3, everything.Limits.Unified.Count);
    }

    [Theory]
    [InlineData("../memory.max")]
    [InlineData("memory")]
    [InlineData("cgroup.procs")]
    [InlineData("cgroup.subtree_control")]
    public void Unified_keys_that_are_not_limits_are_InvalidArgument(string key)
    {
        var error = Assert.Throws<CriException>(() => ResourceFit.Fit(new ResourceLimits { Unified = new Dictionary<string, string> { [key] = "1" } }, CgroupCapabilities.Everything));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("unified", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "", "")]
    [InlineData(100000, -1, 2, 0, "0-1", "0")]
    [InlineData(1000, 1000, 262144, -1, "1", "")]
    public void Values_the_kernel_accepts_pass(long period, long quota, long shares, long swap, string cpus, string mems)
    {
        var limits = new ResourceLimits { CpuPeriod = period, CpuQuota = quota, CpuShares = shares, MemoryLimitInBytes = 1 << 20, MemorySwapLimitInBytes = swap, CpusetCpus = cpus, CpusetMems = mems };
        Assert.Empty(ResourceFit.Fit(limits, V1WithoutHugetlb).Dropped);
    }

    [Theory]
    [InlineData("cpu_period", 999, 0, 0, 0, "")]
    [InlineData("cpu_period", 1_000_001, 0, 0, 0, "")]
    [InlineData("cpu_quota", 100000, 999, 0, 0, "")]
    [InlineData("cpu_quota", 100000, -2, 0, 0, "")]
    [InlineData("memory_limit_in_bytes", 0, 0, -5, 0, "")]
    [InlineData("memory_swap_limit_in_bytes", 0, 0, 2 << 20, 1 << 20, "")]
    [InlineData("memory_swap_limit_in_bytes", 0, 0, 0, 1 << 20, "")]
    [InlineData("cpuset_cpus", 0, 0, 0, 0, "0-7")]
    [InlineData("cpuset_cpus", 0, 0, 0, 0, "zero")]
    [InlineData("cpuset_cpus", 0, 0, 0, 0, "3-1")]
    public void Values_the_host_would_refuse_are_InvalidArgument_naming_the_field(string field, long period, long quota, long memory, long swap, string cpus)
    {
        var limits = new ResourceLimits { CpuPeriod = period, CpuQuota = quota, MemoryLimitInBytes = memory, MemorySwapLimitInBytes = swap, CpusetCpus = cpus };

        var error = Assert.Throws<CriException>(() => ResourceFit.Fit(limits, V1WithoutHugetlb));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("linux.resources." + field, error.Message, StringComparison.Ordinal);
    }
}
