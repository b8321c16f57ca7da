using System.Text.Json.Serialization;

namespace CriRuntime.Core.Cdi;

/// <summary>
/// One CDI spec file (Container Device Interface specification, <c>cdiVersion</c> 0.3 to 1.0): the devices of one
/// <c>vendor/class</c> kind, each with container edits, and edits every device of the file adds. JSON or YAML.
/// </summary>
public sealed class CdiSpec
{
    [JsonPropertyName("cdiVersion")]
    public string CdiVersion { get; set; } = "";

    /// <summary><c>vendor.com/class</c>: the first half of a device's fully qualified name.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("devices")]
    public List<CdiDevice> Devices { get; set; } = [];

    /// <summary>Edits applied once for any device of this file a container asks for.</summary>
    [JsonPropertyName("containerEdits")]
    public CdiContainerEdits? ContainerEdits { get; set; }
}

/// <summary>A device of a spec file: <c>KIND=NAME</c> is its fully qualified name.</summary>
public sealed class CdiDevice
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("containerEdits")]
    public CdiContainerEdits? ContainerEdits { get; set; }
}

/// <summary>What a device adds to the OCI spec: environment, device nodes, mounts, hooks, groups.</summary>
public sealed class CdiContainerEdits
{
    /// <summary><c>NAME=value</c>.</summary>
    [JsonPropertyName("env")]
    public List<string>? Env { get; set; }

    [JsonPropertyName("deviceNodes")]
    public List<CdiDeviceNode>? DeviceNodes { get; set; }

    [JsonPropertyName("mounts")]
    public List<CdiMount>? Mounts { get; set; }

    [JsonPropertyName("hooks")]
    public List<CdiHook>? Hooks { get; set; }

    [JsonPropertyName("additionalGIDs")]
    public List<uint>? AdditionalGids { get; set; }

    /// <summary>Intel RDT class (CDI 0.5+): not applied by this runtime, so a device that sets it is refused.</summary>
    [JsonPropertyName("intelRdt")]
    public object? IntelRdt { get; set; }

    /// <summary>Network devices moved into the pod (CDI 1.0): not applied by this runtime, so a device that sets them is refused.</summary>
    [JsonPropertyName("netDevices")]
    public object? NetDevices { get; set; }
}

/// <summary>A device node: <c>path</c> in the container, <c>hostPath</c> (default: the same) looked up on the host.</summary>
public sealed class CdiDeviceNode
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("hostPath")]
    public string? HostPath { get; set; }

    /// <summary><c>c</c>, <c>b</c> or <c>p</c>; the host node's when absent.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("major")]
    public long? Major { get; set; }

    [JsonPropertyName("minor")]
    public long? Minor { get; set; }

    [JsonPropertyName("fileMode")]
    public uint? FileMode { get; set; }

    /// <summary>cgroup device access (<c>rwm</c> when absent).</summary>
    [JsonPropertyName("permissions")]
    public string? Permissions { get; set; }

    [JsonPropertyName("uid")]
    public uint? Uid { get; set; }

    [JsonPropertyName("gid")]
    public uint? Gid { get; set; }
}

/// <summary>A mount: an OCI mount of <c>hostPath</c> at <c>containerPath</c>.</summary>
public sealed class CdiMount
{
    [JsonPropertyName("hostPath")]
    public string HostPath { get; set; } = "";

    [JsonPropertyName("containerPath")]
    public string ContainerPath { get; set; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }
}

/// <summary>An OCI hook run at <c>hookName</c> (<c>prestart</c>, <c>createRuntime</c>, ..., <c>poststop</c>).</summary>
public sealed class CdiHook
{
    [JsonPropertyName("hookName")]
    public string HookName { get; set; } = "";

    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("args")]
    public List<string>? Args { get; set; }

    [JsonPropertyName("env")]
    public List<string>? Env { get; set; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; set; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CdiSpec))]
internal sealed partial class CdiJsonContext : JsonSerializerContext;
