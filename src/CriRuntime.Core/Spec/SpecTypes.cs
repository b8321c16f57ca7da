namespace CriRuntime.Core.Spec;

/// <summary>One change to a spec. Options are pure: no file system, no kernel, so tests need no root.</summary>
public delegate void SpecOpt(OciSpec spec);

public enum MountPropagation
{
    Private,
    HostToContainer,
    Bidirectional,
}

/// <summary>A bind mount a container asks for (CRI Mount), after the host path is known.</summary>
public sealed record MountRequest
{
    public required string ContainerPath { get; init; }

    public required string HostPath { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>Read-only submounts too (the <c>rro</c> option); needs <see cref="ReadOnly"/> and private propagation.</summary>
    public bool RecursiveReadOnly { get; init; }

    public MountPropagation Propagation { get; init; }

    public bool SelinuxRelabel { get; init; }

    /// <summary>
    /// CRI <c>uid_mappings</c> and <c>gid_mappings</c>: mount the host path id-mapped, so files the host's ids own
    /// are seen as owned by the same ids inside the pod's user namespace (empty: a plain bind mount).
    /// </summary>
    public IReadOnlyList<IdMapping> UidMappings { get; init; } = [];

    public IReadOnlyList<IdMapping> GidMappings { get; init; } = [];

    /// <summary>
    /// CRI <c>Mount.image</c> (an image volume, KEP-4639): the image, by reference or id, to mount read-only instead of
    /// <see cref="HostPath"/>; empty for a bind mount. The image must be on the node (kubelet pulls it).
    /// </summary>
    public string Image { get; init; } = "";

    /// <summary>CRI <c>Mount.image_sub_path</c>: a directory inside the image to mount instead of its root; empty for the root.</summary>
    public string ImageSubPath { get; init; } = "";

    /// <summary>The image volume's image as resolved at create (a repo digest, else the image id): ContainerStatus reports it.</summary>
    public string ImageRef { get; init; } = "";
}

/// <summary>CRI LinuxContainerResources in domain terms; zero or empty means unset.</summary>
public sealed record ResourceLimits
{
    public long CpuPeriod { get; init; }

    public long CpuQuota { get; init; }

    public long CpuShares { get; init; }

    public long MemoryLimitInBytes { get; init; }

    public long MemorySwapLimitInBytes { get; init; }

    public long OomScoreAdj { get; init; }

    public string CpusetCpus { get; init; } = "";

    public string CpusetMems { get; init; } = "";

    public IReadOnlyDictionary<string, ulong> HugepageLimits { get; init; } = new Dictionary<string, ulong>();

    public IReadOnlyDictionary<string, string> Unified { get; init; } = new Dictionary<string, string>();
}

/// <summary>The OCI namespace type names.</summary>
public static class NamespaceTypes
{
    public const string Pid = "pid";
    public const string Network = "network";
    public const string Ipc = "ipc";
    public const string Uts = "uts";
    public const string Mount = "mount";
    public const string Cgroup = "cgroup";
    public const string User = "user";
}

/// <summary>A resolved process identity.</summary>
public sealed record ProcessUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string? Name = null);

/// <summary>A host device node as the kernel describes it.</summary>
public sealed record DeviceNode(char Type, long Major, long Minor, uint FileMode, uint Uid, uint Gid);

/// <summary>A device a container asks for (CRI Device), with its node resolved on the host.</summary>
public sealed record DeviceRequest(string ContainerPath, DeviceNode Node, string Permissions);
