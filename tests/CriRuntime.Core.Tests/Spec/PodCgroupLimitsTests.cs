using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Core.Tests.Spec;

public sealed class PodCgroupLimitsTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Without_pod_resources_the_pod_cgroup_is_left_alone()
    {
        Assert.Null(PodCgroupLimits.From(null, new ResourceLimits { MemoryLimitInBytes = 64 * MiB }));
    }

    [Fact]
    public void The_overhead_adds_to_the_resources_with_its_quota_scaled_to_their_period()
    {
        var limits = PodCgroupLimits.From(
            new ResourceLimits { CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 100_000, MemoryLimitInBytes = 256 * MiB },
            new ResourceLimits { CpuShares = 128, CpuQuota = 5_000, CpuPeriod = 50_000, MemoryLimitInBytes = 32 * MiB })!;

        Assert.Equal(640UL, limits.CpuShares);
        Assert.Equal(60_000, limits.CpuQuota);
        Assert.Equal(100_000UL, limits.CpuPeriod);
        Assert.Equal(288 * MiB, limits.MemoryLimitBytes);
    }

    [Fact]
    public void No_limit_in_the_resources_is_unlimited_whatever_the_overhead()
    {
        var limits = PodCgroupLimits.From(new ResourceLimits { CpuShares = 1 }, new ResourceLimits { CpuQuota = 10_000, MemoryLimitInBytes = 32 * MiB })!;

        Assert.Equal(-1, limits.CpuQuota);
        Assert.Equal(-1, limits.MemoryLimitBytes);
        Assert.Equal(2UL, limits.CpuShares);
        Assert.Null(PodCgroupLimits.From(new ResourceLimits(), null)!.CpuShares);
    }

    [Theory]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]
    [InlineData(262_144UL, 10_000UL)]
    [InlineData(1_000_000UL, 10_000UL)]
    public void Shares_become_a_cgroup_v2_weight_as_runc_converts_them(ulong shares, ulong weight)
    {
        Assert.Equal(weight, PodCgroupLimits.WeightOf(shares));
    }
}
