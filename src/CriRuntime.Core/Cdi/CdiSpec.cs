using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace CriRuntime.Core.Cdi;

/// <summary>
/// One CDI spec file (Container Device Interface specification, <c>cdiVersion</c> 0.3 to 1.0): the devices of one
/// <c>vendor/class</c> kind, each with container edits, and edits every device of the file adds. JSON or YAML.
/// </summary>
public sealed class CdiSpec
{
    [JsonPropertyName("cdiVersion"), YamlMember(Alias = "cdiVersion")]
    public string CdiVersion { get; set; } = "";

    /// <summary><c>vendor.com/class</c>: the first half of a device's fully qualified name.</summary>
    [JsonPropertyName("kind"), YamlMember(Alias = "kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("devices"), YamlMember(Alias = "devices")]
    public List<CdiDevice> Devices { get; set; } = [];

    /// <summary>Edits applied once for any device of this file a container asks for.</summary>
    [JsonPropertyName("containerEdits"), YamlMember(Alias = "containerEdits")]
    public CdiContainerEdits? ContainerEdits { get; set; }
}

/// <summary>A device of a spec file: <c>KIND=NAME</c> is its fully qualified name.</summary>
public sealed class CdiDevice
{
    [JsonPropertyName("name"), YamlMember(Alias = "name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("containerEdits"), YamlMember(Alias = "containerEdits")]
    public CdiContainerEdits? ContainerEdits { get; set; }
}

/// <summary>What a device adds to the OCI spec: environment, device nodes, mounts, hooks, groups.</summary>
public sealed class CdiContainerEdits
{
    /// <summary><c>NAME=value</c>.</summary>
    [JsonPropertyName("env"), YamlMember(Alias = "env")]
    public List<string>? Env { get; set; }

    [JsonPropertyName("deviceNodes"), YamlMember(Alias = "deviceNodes")]
    public List<CdiDeviceNode>? DeviceNodes { get; set; }

    [JsonPropertyName("mounts"), YamlMember(Alias = "mounts")]
    public List<CdiMount>? Mounts { get; set; }

    [JsonPropertyName("hooks"), YamlMember(Alias = "hooks")]
    public List<CdiHook>? Hooks { get; set; }

    [JsonPropertyName("additionalGIDs"), YamlMember(Alias = "additionalGIDs")]
    public List<uint>? AdditionalGids { get; set; }

    /// <summary>Intel RDT class (CDI 0.5+): not applied by this runtime, so a device that sets it is refused.</summary>
    [JsonPropertyName("intelRdt"), YamlMember(Alias = "intelRdt")]
    public object? IntelRdt { get; set; }

    /// <summary>Network devices moved into the pod (CDI 1.0): not applied by this runtime, so a device that sets them is refused.</summary>
    [JsonPropertyName("netDevices"), YamlMember(Alias = "netDevices")]
    public object? NetDevices { get; set; }
}

/// <summary>A device node: <c>path</c> in the container, <c>hostPath</c> (default: the same) looked up on the host.</summary>
public sealed class CdiDeviceNode
{
    [JsonPropertyName("path"), YamlMember(Alias = "path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("hostPath"), YamlMember(Alias = "hostPath")]
    public string? HostPath { get; set; }

    /// <summary><c>c</c>, <c>b</c> or <c>p</c>; the host node's when absent.</summary>
    [JsonPropertyName("type"), YamlMember(Alias = "type")]
    public string? Type { get; set; }

    [JsonPropertyName("major"), YamlMember(Alias = "major")]
    public long? Major { get; set; }

    [JsonPropertyName("minor"), YamlMember(Alias = "minor")]
    public long? Minor { get; set; }

    [JsonPropertyName("fileMode"), YamlMember(Alias = "fileMode")]
    public uint? FileMode { get; set; }

    /// <summary>cgroup device access (<c>rwm</c> when absent).</summary>
    [JsonPropertyName("permissions"), YamlMember(Alias = "permissions")]
    public string? Permissions { get; set; }

    [JsonPropertyName("uid"), YamlMember(Alias = "uid")]
    public uint? Uid { get; set; }

    [JsonPropertyName("gid"), YamlMember(Alias = "gid")]
    public uint? Gid { get; set; }
}

/// <summary>A mount: an OCI mount of <c>hostPath</c> at <c>containerPath</c>.</summary>
public sealed class CdiMount
{
    [JsonPropertyName("hostPath"), YamlMember(Alias = "hostPath")]
    public string HostPath { get; set; } = "";

    [JsonPropertyName("containerPath"), YamlMember(Alias = "containerPath")]
    public string ContainerPath { get; set; } = "";

    [JsonPropertyName("type"), YamlMember(Alias = "type")]
    public string? Type { get; set; }

    [JsonPropertyName("options"), YamlMember(Alias = "options")]
    public List<string>? Options { get; set; }
}

/// <summary>An OCI hook run at <c>hookName</c> (<c>prestart</c>, <c>createRuntime</c>, ..., <c>poststop</c>).</summary>
public sealed class CdiHook
{
    [JsonPropertyName("hookName"), YamlMember(Alias = "hookName")]
    public string HookName { get; set; } = "";

    [JsonPropertyName("path"), YamlMember(Alias = "path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("args"), YamlMember(Alias = "args")]
    public List<string>? Args { get; set; }

    [JsonPropertyName("env"), YamlMember(Alias = "env")]
    public List<string>? Env { get; set; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("timeout"), YamlMember(Alias = "timeout")]
    public int? Timeout { get; set; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CdiSpec))]
internal sealed partial class CdiJsonContext : JsonSerializerContext;
