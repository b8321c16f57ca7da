namespace CriRuntime.Core.Spec;

/// <summary>
/// What the host's cgroups can enforce, probed once at start-up (cgroup v1: the controllers mounted; v2: the
/// controllers listed in <c>cgroup.controllers</c> of the root the containers' cgroups live under). Resource
/// requests the host cannot honour are dropped from container specs (<see cref="ResourceFit"/>).
/// </summary>
public sealed record CgroupCapabilities
{
    /// <summary>1 (legacy or hybrid hierarchy: the OCI runtime sets limits through the v1 controllers) or 2 (unified).</summary>
    public int Version { get; init; } = 1;

    /// <summary>The controllers available to containers (v1 names such as <c>blkio</c>, v2 names such as <c>io</c>).</summary>
    public IReadOnlySet<string> Controllers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The huge page sizes the kernel offers, in the CRI's notation (<c>2MB</c>, <c>1GB</c>), from /sys/kernel/mm/hugepages.</summary>
    public IReadOnlyList<string> HugepageSizes { get; init; } = [];

    /// <summary>Whether swap can be limited: v1 <c>memory.memsw.limit_in_bytes</c>, v2 <c>memory.swap.max</c>.</summary>
    public bool MemorySwap { get; init; }

    /// <summary>Whether the cpu controller has real-time bandwidth files (v1 <c>cpu.rt_runtime_us</c>; v2 has none).</summary>
    public bool CpuRealtime { get; init; }

    /// <summary>Whether per-device I/O weights can be set (v1 <c>blkio.weight_device</c>, v2 <c>io.weight</c>).</summary>
    public bool BlkioWeight { get; init; }

    /// <summary>The online CPUs (<c>/sys/devices/system/cpu/online</c>, list format); empty when unknown.</summary>
    public string OnlineCpus { get; init; } = "";

    /// <summary>The online memory nodes (<c>/sys/devices/system/node/online</c>, list format); empty when unknown.</summary>
    public string OnlineMems { get; init; } = "";

    public bool Hugetlb => Controllers.Contains("hugetlb");

    public bool Rdma => Controllers.Contains("rdma");

    public bool Misc => Controllers.Contains("misc");

    /// <summary>
    /// Whether the host runs the unified hierarchy only (cgroup v2): <c>unified</c> keys can be written, containers get
    /// a cgroup namespace. The one answer to "v1 or v2" in the daemon.
    /// </summary>
    public bool Unified => Version == 2;

    /// <summary>A host that honours everything the CRI can ask for (for hosts whose probe is not wanted, and tests).</summary>
    public static CgroupCapabilities Everything { get; } = new()
    {
        Version = 2,
        Controllers = new HashSet<string>(["cpu", "cpuset", "memory", "pids", "io", "hugetlb", "rdma", "misc"], StringComparer.Ordinal),
        HugepageSizes = ["2MB", "1GB"],
        MemorySwap = true,
        BlkioWeight = true,
    };
}
