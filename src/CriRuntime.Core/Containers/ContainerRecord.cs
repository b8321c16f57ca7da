using System.Text.Json.Serialization;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public enum ContainerState
{
    Created,
    Running,
    Exited,
    Unknown,
}

/// <summary>What CreateContainer asks for, in domain terms.</summary>
public sealed record ContainerRequest
{
    public required string SandboxId { get; init; }

    public required string Name { get; init; }

    public uint Attempt { get; init; }

    public required string Image { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<string> Args { get; init; } = [];

    public string WorkingDir { get; init; } = "";

    /// <summary><c>NAME=value</c>, in the caller's order.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<MountRequest> Mounts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Relative to the sandbox's log directory.</summary>
    public string LogPath { get; init; } = "";

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public bool Tty { get; init; }

    public ResourceLimits? Resources { get; init; }

    public UserRequest User { get; init; } = new();

    public bool Privileged { get; init; }

    public bool ReadonlyRootfs { get; init; }

    public bool NoNewPrivileges { get; init; }

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary>null: unconfined (kubelet sends no profile).</summary>
    public Spec.SeccompRequest? Seccomp { get; init; }

    /// <summary>
    /// The AppArmor profile loaded on the host to confine the container with (CRI <c>apparmor</c> Localhost); null for
    /// none. RuntimeDefault and Unconfined both give null: this runtime loads no default profile.
    /// </summary>
    public string? AppArmorProfile { get; init; }

    /// <summary>The PID namespace mode; Target joins <see cref="PidTargetId"/>'s.</summary>
    public NamespaceMode PidMode { get; init; } = NamespaceMode.Container;

    public string PidTargetId { get; init; } = "";

    /// <summary>The container's own <c>userns_options</c> (kubelet repeats the pod's); null when it gives none.</summary>
    public UserNamespaceOptions? UserNamespace { get; init; }

    /// <summary>
    /// CRI <c>masked_paths</c>; null without a security context. Empty is kubelet's <c>procMount: Unmasked</c> only
    /// in a pod's own user namespace (see <see cref="Spec.SpecOpts.WithMaskedPaths"/>); elsewhere the defaults apply.
    /// </summary>
    public IReadOnlyList<string>? MaskedPaths { get; init; }

    /// <summary>CRI <c>readonly_paths</c>, as <see cref="MaskedPaths"/>.</summary>
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }

    /// <summary>Host devices: (container path, host path, cgroup permissions such as <c>rwm</c>).</summary>
    public IReadOnlyList<(string ContainerPath, string HostPath, string Permissions)> Devices { get; init; } = [];

    /// <summary>Overrides the image's STOPSIGNAL (a name like <c>SIGTERM</c>); empty keeps it.</summary>
    public string StopSignal { get; init; } = "";

    /// <summary>CRI <c>CDI_devices</c>: fully qualified CDI device names (<c>vendor.com/class=name</c>).</summary>
    public IReadOnlyList<string> CdiDevices { get; init; } = [];
}

/// <summary>One container, as kept in memory and persisted under <c>metadata/containers</c>.</summary>
public sealed record ContainerRecord
{
    public required string Id { get; init; }

    public required string SandboxId { get; init; }

    /// <summary>The reserved unique name: <c>name_sandboxname_namespace_uid_attempt</c>.</summary>
    public required string FullName { get; init; }

    public required string Name { get; init; }

    public uint Attempt { get; init; }

    /// <summary>The image as the caller named it.</summary>
    public string Image { get; init; } = "";

    public string ImageId { get; init; } = "";

    /// <summary>A repo digest when the image has one, else its id.</summary>
    public string ImageRef { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public ContainerState State { get; init; }

    /// <summary>Unix times in nanoseconds; 0 when it has not happened.</summary>
    public long CreatedAt { get; init; }

    public long StartedAt { get; init; }

    public long FinishedAt { get; init; }

    public int ExitCode { get; init; }

    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";

    /// <summary>Absolute; empty when the sandbox has no log directory.</summary>
    public string LogPath { get; init; } = "";

    public IReadOnlyList<MountRequest> Mounts { get; init; } = [];

    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public string StopSignal { get; init; } = "";

    public required string Handler { get; init; }

    public string CgroupsPath { get; init; } = "";

    public int Pid { get; init; }

    public ResourceLimits? Resources { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The identity the process runs as, resolved at create.</summary>
    public ProcessUser? User { get; init; }

    /// <summary>True for a sandbox's infra process, which CRI never lists.</summary>
    public bool IsInfra { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(NamespaceMode))]
[JsonSerializable(typeof(string[]))]
public sealed partial class ContainerJsonContext : JsonSerializerContext;
