using System.Text.Json.Serialization;

namespace CriRuntime.Core.Spec;

/// <summary>
/// The OCI runtime spec (config.json of a bundle), the subset the runtime writes. Mutable on purpose: the spec is
/// built by applying <see cref="SpecOpt"/> functions in order, each changing one aspect.
/// </summary>
public sealed class OciSpec
{
    public string OciVersion { get; set; } = "1.0.2";

    public OciProcess Process { get; set; } = new();

    public OciRoot Root { get; set; } = new();

    public string? Hostname { get; set; }

    public List<OciMount> Mounts { get; set; } = [];

    public Dictionary<string, string>? Annotations { get; set; }

    public OciLinux Linux { get; set; } = new();

    /// <summary>Hooks the OCI runtime runs at points of the container's lifecycle (CDI devices add them).</summary>
    public OciHooks? Hooks { get; set; }
}

/// <summary>OCI <c>hooks</c>: one list per lifecycle point (config.md "POSIX-platform Hooks").</summary>
public sealed class OciHooks
{
    /// <summary>Deprecated by the OCI spec for <see cref="CreateRuntime"/>; runc still runs it.</summary>
    public List<OciHook>? Prestart { get; set; }

    public List<OciHook>? CreateRuntime { get; set; }

    public List<OciHook>? CreateContainer { get; set; }

    public List<OciHook>? StartContainer { get; set; }

    public List<OciHook>? Poststart { get; set; }

    public List<OciHook>? Poststop { get; set; }
}

/// <summary>One hook: an absolute path on the host, its argv (with argv[0]), env, and a timeout in seconds.</summary>
public sealed class OciHook
{
    public string Path { get; set; } = "";

    public List<string>? Args { get; set; }

    public List<string>? Env { get; set; }

    public int? Timeout { get; set; }
}

public sealed class OciProcess
{
    public bool Terminal { get; set; }

    /// <summary>The terminal's initial size (with <see cref="Terminal"/>).</summary>
    public OciBox? ConsoleSize { get; set; }

    public OciUser User { get; set; } = new();

    public List<string> Args { get; set; } = [];

    public List<string> Env { get; set; } = [];

    public string Cwd { get; set; } = "/";

    public OciCapabilities? Capabilities { get; set; }

    public List<OciRlimit>? Rlimits { get; set; }

    public bool NoNewPrivileges { get; set; }

    public int? OomScoreAdj { get; set; }

    public string? ApparmorProfile { get; set; }

    public string? SelinuxLabel { get; set; }
}

/// <summary>OCI <c>consoleSize</c>: a terminal's size in character cells.</summary>
public sealed class OciBox
{
    public uint Height { get; set; }

    public uint Width { get; set; }
}

public sealed class OciUser
{
    public uint Uid { get; set; }

    public uint Gid { get; set; }

    public uint? Umask { get; set; }

    public List<uint>? AdditionalGids { get; set; }
}

public sealed class OciCapabilities
{
    public List<string> Bounding { get; set; } = [];

    public List<string> Effective { get; set; } = [];

    public List<string> Permitted { get; set; } = [];

    public List<string>? Inheritable { get; set; }

    public List<string>? Ambient { get; set; }
}

public sealed class OciRlimit
{
    public string Type { get; set; } = "";

    public ulong Hard { get; set; }

    public ulong Soft { get; set; }
}

public sealed class OciRoot
{
    public string Path { get; set; } = "rootfs";

    public bool Readonly { get; set; }
}

public sealed class OciMount
{
    public string Destination { get; set; } = "";

    public string? Type { get; set; }

    public string? Source { get; set; }

    public List<string>? Options { get; set; }
}

public sealed class OciLinux
{
    public List<OciNamespace> Namespaces { get; set; } = [];

    /// <summary>The user namespace's uid map (<c>uidMappings</c>); also given when it is joined by path.</summary>
    public List<OciIdMapping>? UidMappings { get; set; }

    public List<OciIdMapping>? GidMappings { get; set; }

    public List<OciDevice>? Devices { get; set; }

    public OciResources? Resources { get; set; }

    public string? CgroupsPath { get; set; }

    public Dictionary<string, string>? Sysctl { get; set; }

    public List<string>? MaskedPaths { get; set; }

    public List<string>? ReadonlyPaths { get; set; }

    public string? RootfsPropagation { get; set; }

    public string? MountLabel { get; set; }

    public OciSeccomp? Seccomp { get; set; }
}

public sealed class OciDevice
{
    public string Path { get; set; } = "";

    public string Type { get; set; } = "c";

    public long Major { get; set; }

    public long Minor { get; set; }

    public uint? FileMode { get; set; }

    public uint? Uid { get; set; }

    public uint? Gid { get; set; }
}

/// <summary>OCI <c>LinuxIDMapping</c>.</summary>
public sealed class OciIdMapping
{
    [JsonPropertyName("containerID")]
    public uint ContainerId { get; set; }

    [JsonPropertyName("hostID")]
    public uint HostId { get; set; }

    public uint Size { get; set; }
}

public sealed class OciNamespace
{
    public string Type { get; set; } = "";

    public string? Path { get; set; }
}

public sealed class OciResources
{
    public List<OciDeviceRule>? Devices { get; set; }

    public OciMemory? Memory { get; set; }

    public OciCpu? Cpu { get; set; }

    public OciPids? Pids { get; set; }

    public List<OciHugepageLimit>? HugepageLimits { get; set; }

    public Dictionary<string, string>? Unified { get; set; }
}

public sealed class OciDeviceRule
{
    public bool Allow { get; set; }

    public string? Type { get; set; }

    public long? Major { get; set; }

    public long? Minor { get; set; }

    public string? Access { get; set; }
}

public sealed class OciMemory
{
    public long? Limit { get; set; }

    public long? Swap { get; set; }
}

public sealed class OciCpu
{
    public ulong? Shares { get; set; }

    public long? Quota { get; set; }

    public ulong? Period { get; set; }

    public string? Cpus { get; set; }

    public string? Mems { get; set; }
}

public sealed class OciPids
{
    public long Limit { get; set; }
}

public sealed class OciHugepageLimit
{
    public string PageSize { get; set; } = "";

    public ulong Limit { get; set; }
}

/// <summary>Source-generated JSON for the OCI spec, camelCase as the spec names its fields.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(OciSpec))]
[JsonSerializable(typeof(OciProcess))]
[JsonSerializable(typeof(OciResources))]
public sealed partial class OciSpecJsonContext : JsonSerializerContext;
