using System.Text.Json.Serialization;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Stores;

public enum SandboxState
{
    Ready,
    NotReady,
}

/// <summary>CRI NamespaceMode: where a pod's (or container's) namespace comes from.</summary>
public enum NamespaceMode
{
    Pod,
    Container,
    Node,
    Target,
}

/// <summary>What RunPodSandbox asks for, in domain terms.</summary>
public sealed record SandboxRequest
{
    public required string Name { get; init; }

    public string Uid { get; init; } = "";

    public string Namespace { get; init; } = "";

    public uint Attempt { get; init; }

    public string Hostname { get; init; } = "";

    public string LogDirectory { get; init; } = "";

    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public IReadOnlyList<string> DnsSearches { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public string CgroupParent { get; init; } = "";

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    public NamespaceMode NetworkMode { get; init; } = NamespaceMode.Pod;

    public NamespaceMode PidMode { get; init; } = NamespaceMode.Container;

    public NamespaceMode IpcMode { get; init; } = NamespaceMode.Pod;

    public string Handler { get; init; } = "";

    public bool Privileged { get; init; }

    /// <summary>CRI <c>userns_options</c>; null when the pod gives none (the host's user namespace).</summary>
    public UserNamespaceOptions? UserNamespace { get; init; }

    /// <summary>CRI <c>LinuxPodSandboxConfig.overhead</c>: what the sandbox itself is charged.</summary>
    public ResourceLimits? Overhead { get; init; }

    /// <summary>CRI <c>LinuxPodSandboxConfig.resources</c>: the pod-level resources (the sum of its containers').</summary>
    public ResourceLimits? Resources { get; init; }
}

/// <summary>One sandbox, as kept in memory and persisted under <c>metadata/sandboxes</c>.</summary>
public sealed record SandboxRecord
{
    public required string Id { get; init; }

    /// <summary>The reserved unique name: <c>name_namespace_uid_attempt</c>.</summary>
    public required string FullName { get; init; }

    public required string Name { get; init; }

    public string Uid { get; init; } = "";

    public string Namespace { get; init; } = "";

    public uint Attempt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Unix time in nanoseconds.</summary>
    public long CreatedAt { get; init; }

    public SandboxState State { get; init; }

    /// <summary>
    /// True from the record's first write until RunPodSandbox has set up everything and answers: a daemon killed in
    /// between leaves it true, and recovery then reports the sandbox not ready (its stop tears down what was set up).
    /// </summary>
    public bool Creating { get; init; }

    /// <summary>The RuntimeClass handler resolved (never empty).</summary>
    public required string Handler { get; init; }

    /// <summary>What the caller asked for (may be empty), reported back in status.</summary>
    public string RequestedHandler { get; init; } = "";

    public string LogDirectory { get; init; } = "";

    public string Hostname { get; init; } = "";

    public string CgroupParent { get; init; } = "";

    public NamespaceMode NetworkMode { get; init; }

    public NamespaceMode PidMode { get; init; }

    public NamespaceMode IpcMode { get; init; }

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    public bool Privileged { get; init; }

    /// <summary>The pod's overhead, as last given by RunPodSandbox or UpdatePodSandboxResources.</summary>
    public ResourceLimits? Overhead { get; init; }

    /// <summary>The pod-level resources, as last given by RunPodSandbox or UpdatePodSandboxResources.</summary>
    public ResourceLimits? Resources { get; init; }

    /// <summary>True when RunPodSandbox made the pod cgroup (<see cref="CgroupParent"/>) to write its limits: removed with the pod.</summary>
    public bool PodCgroupCreated { get; init; }

    /// <summary>Pinned namespace files by OCI type (network, ipc, uts, and user for a pod in a user namespace); empty for the host's.</summary>
    public IReadOnlyDictionary<string, string> PinnedNamespaces { get; init; } = new Dictionary<string, string>();

    /// <summary>CRI <c>userns_options</c> as given; null or mode NODE: the host's user namespace.</summary>
    public UserNamespaceOptions? UserNamespace { get; init; }

    /// <summary>The tmpfs shared as /dev/shm by the pod's containers; null with the host's IPC.</summary>
    public string? ShmPath { get; init; }

    /// <summary>The infra process (only when the pod shares one PID namespace).</summary>
    public string? InfraContainerId { get; init; }

    public int InfraPid { get; init; }

    /// <summary>Pod IP once networking sets one up.</summary>
    public string Ip { get; init; } = "";

    public IReadOnlyList<string> AdditionalIps { get; init; } = [];

    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    public PodDnsConfig? Dns { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SandboxRecord))]
public sealed partial class SandboxJsonContext : JsonSerializerContext;
