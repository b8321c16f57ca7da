namespace CriRuntime.Core.Spec;

/// <summary>
/// The limits of a pod's cgroup (CRI <c>cgroup_parent</c>): the pod-level resources plus the overhead, in cgroup v1
/// terms (v2 converts them). Null fields are left as they are; <c>-1</c> quota or memory is "unlimited".
/// </summary>
public sealed record PodCgroupLimits
{
    /// <summary>v1 <c>cpu.shares</c> (2..262144); v2 <c>cpu.weight</c> is derived from it.</summary>
    public ulong? CpuShares { get; init; }

    /// <summary>CFS quota per period in microseconds; -1 unlimited (v1 <c>cpu.cfs_quota_us</c>, v2 <c>cpu.max</c>).</summary>
    public long? CpuQuota { get; init; }

    /// <summary>CFS period in microseconds (v1 <c>cpu.cfs_period_us</c>, the second field of v2 <c>cpu.max</c>).</summary>
    public ulong? CpuPeriod { get; init; }

    /// <summary>Bytes; -1 unlimited (v1 <c>memory.limit_in_bytes</c>, v2 <c>memory.max</c>).</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>The CFS period when none is given, as the kernel's default.</summary>
    public const long DefaultCpuPeriod = 100_000;

    /// <summary>
    /// The pod cgroup's limits from CRI <c>LinuxPodSandboxConfig.resources</c> (kubelet: the sum of its containers',
    /// or the pod-level resources) and <c>overhead</c> (the RuntimeClass's, charged on top); null when there are no
    /// resources, so an older kubelet's pod cgroup is left alone. No CPU or memory limit in the resources means
    /// unlimited whatever the overhead; a limit adds the overhead's (its quota scaled to the resources' period).
    /// </summary>
    public static PodCgroupLimits? From(ResourceLimits? resources, ResourceLimits? overhead)
    {
        if (resources is null)
        {
            return null;
        }

        var period = resources.CpuPeriod > 0 ? resources.CpuPeriod : DefaultCpuPeriod;
        var overheadQuota = overhead is { CpuQuota: > 0 }
            ? overhead.CpuQuota * period / (overhead.CpuPeriod > 0 ? overhead.CpuPeriod : DefaultCpuPeriod)
            : 0;
        var shares = resources.CpuShares + (overhead?.CpuShares ?? 0);
        return new PodCgroupLimits
        {
            CpuShares = shares > 0 ? (ulong)Math.Clamp(shares, 2, 262_144) : null,
            CpuPeriod = (ulong)period,
            CpuQuota = resources.CpuQuota > 0 ? resources.CpuQuota + overheadQuota : -1,
            MemoryLimitBytes = resources.MemoryLimitInBytes > 0 ? resources.MemoryLimitInBytes + (overhead?.MemoryLimitInBytes ?? 0) : -1,
        };
    }

    /// <summary>cgroup v2 <c>cpu.weight</c> (1..10000) for v1 shares, as runc and kubelet convert them.</summary>
    public static ulong WeightOf(ulong shares) => 1 + ((Math.Clamp(shares, 2, 262_144) - 2) * 9999 / 262_142);
}
