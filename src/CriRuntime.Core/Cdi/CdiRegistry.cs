using System.Text.Json;
using System.Text.RegularExpressions;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Cdi;

/// <summary>The edits of one requested CDI device: its spec file's own edits (once per file) and the device's.</summary>
public sealed record CdiResolvedDevice(string Name, CdiContainerEdits? SpecEdits, CdiContainerEdits? DeviceEdits);

/// <summary>
/// CDI devices (CRI <c>CDI_devices</c>) looked up in the spec files (<c>*.json</c>, <c>*.yaml</c>) of the spec
/// directories, read again at each lookup (vendors' tools write <c>/var/run/cdi</c> at any time). A later directory
/// wins over an earlier one for the same device; one device defined twice in the same directory is refused. An
/// unreadable or invalid spec file is skipped and named when a device is not found.
/// </summary>
public sealed partial class CdiRegistry(IReadOnlyList<string> specDirs, IHostFiles files)
{
    private const long MaxSpecSize = 4 * 1024 * 1024;

    /// <summary>The spec directories, lowest priority first.</summary>
    public IReadOnlyList<string> SpecDirs => specDirs;

    /// <summary>
    /// The devices named by fully qualified names (<c>vendor.com/class=name</c>), in order. A name that is not fully
    /// qualified, or a device no spec file defines (or one directory defines twice), is InvalidArgument naming it.
    /// </summary>
    public IReadOnlyList<CdiResolvedDevice> Resolve(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [];
        }

        foreach (var name in names)
        {
            if (!QualifiedName().IsMatch(name))
            {
                throw CriException.InvalidArgument($"CDI device \"{SafeText.Clip(name)}\" is not a fully qualified name (vendor.com/class=name)");
            }
        }

        var (devices, problems) = Load();
        var result = new List<CdiResolvedDevice>(names.Count);
        var specsApplied = new HashSet<CdiSpec>();
        foreach (var name in names)
        {
            if (!devices.TryGetValue(name, out var found))
            {
                var note = problems.Count > 0 ? $" (skipped spec files: {string.Join("; ", problems)})" : "";
                throw CriException.InvalidArgument(
                    SafeText.Clip($"CDI device \"{name}\" is not defined in any spec file under {string.Join(", ", specDirs)}{note}", 1000));
            }

            if (found.Conflict is not null)
            {
                throw CriException.InvalidArgument($"CDI device \"{name}\" is defined more than once in {found.Conflict}");
            }

            result.Add(new CdiResolvedDevice(name, specsApplied.Add(found.Spec) ? found.Spec.ContainerEdits : null, found.Device.ContainerEdits));
        }

        return result;
    }

    private (Dictionary<string, Entry> Devices, List<string> Problems) Load()
    {
        var devices = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var dir in specDirs)
        {
            if (!files.DirectoryExists(dir))
            {
                continue;
            }

            var inDir = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var file in files.EnumerateFiles(dir).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                CdiSpec spec;
                try
                {
                    spec = Parse(file);
                    Validate(spec);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or YamlDotNet.Core.YamlException or CriException)
                {
                    problems.Add($"{file}: {SafeText.Clip(e.Message, 120)}");
                    continue;
                }

                foreach (var device in spec.Devices)
                {
                    var name = $"{spec.Kind}={device.Name}";
                    inDir[name] = inDir.ContainsKey(name) ? new Entry(spec, device, dir) : new Entry(spec, device, null);
                }
            }

            foreach (var (name, entry) in inDir)
            {
                devices[name] = entry;
            }
        }

        return (devices, problems);
    }

    private CdiSpec Parse(string file)
    {
        if (files.Inspect(file).Length > MaxSpecSize)
        {
            throw new IOException($"larger than {MaxSpecSize} bytes");
        }

        var text = files.ReadAllText(file);
        var spec = file.EndsWith(".json", StringComparison.Ordinal)
            ? JsonSerializer.Deserialize(text, CdiJsonContext.Default.CdiSpec)
            : CdiYaml.Parse(text);
        return spec ?? throw new IOException("empty spec");
    }

    /// <summary>What the CDI specification requires of a spec file's fields that reach the OCI spec.</summary>
    private static void Validate(CdiSpec spec)
    {
        if (!Kind().IsMatch(spec.Kind))
        {
            throw CriException.InvalidArgument($"kind \"{SafeText.Clip(spec.Kind)}\" is not vendor.com/class");
        }

        foreach (var device in spec.Devices)
        {
            if (!DeviceName().IsMatch(device.Name))
            {
                throw CriException.InvalidArgument($"device name \"{SafeText.Clip(device.Name)}\" is invalid");
            }

            ValidateEdits(device.ContainerEdits);
        }

        ValidateEdits(spec.ContainerEdits);
    }

    private static void ValidateEdits(CdiContainerEdits? edits)
    {
        if (edits is null)
        {
            return;
        }

        foreach (var variable in edits.Env ?? [])
        {
            if (!variable.Contains('=', StringComparison.Ordinal) || variable.Contains('\0', StringComparison.Ordinal))
            {
                throw CriException.InvalidArgument($"env \"{SafeText.Clip(variable)}\" is not NAME=value");
            }
        }

        var paths = (edits.DeviceNodes ?? []).Select(d => ("deviceNodes path", d.Path))
            .Concat((edits.DeviceNodes ?? []).Where(d => d.HostPath is not null).Select(d => ("deviceNodes hostPath", d.HostPath!)))
            .Concat((edits.Mounts ?? []).Select(m => ("mounts containerPath", m.ContainerPath)))
            .Concat((edits.Mounts ?? []).Select(m => ("mounts hostPath", m.HostPath)))
            .Concat((edits.Hooks ?? []).Select(h => ("hooks path", h.Path)));
        foreach (var (field, path) in paths)
        {
            if (!path.StartsWith('/') || path.Contains('\0', StringComparison.Ordinal))
            {
                throw CriException.InvalidArgument($"{field} \"{SafeText.Clip(path)}\" is not an absolute path");
            }
        }

        foreach (var node in edits.DeviceNodes ?? [])
        {
            if (node.Type is not (null or "c" or "b" or "p" or "u"))
            {
                throw CriException.InvalidArgument($"deviceNodes type \"{SafeText.Clip(node.Type)}\" of {node.Path} is not c, b, u or p");
            }
        }

        foreach (var hook in edits.Hooks ?? [])
        {
            if (hook.HookName is not ("prestart" or "createRuntime" or "createContainer" or "startContainer" or "poststart" or "poststop"))
            {
                throw CriException.InvalidArgument($"hookName \"{SafeText.Clip(hook.HookName)}\" is not an OCI hook");
            }
        }
    }

    /// <summary>The CDI specification's vendor and class: a letter first, a letter or digit last, <c>-_.</c> between.</summary>
    [GeneratedRegex("^[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?/[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex Kind();

    /// <summary>A device name: a letter or digit at both ends, <c>-_.:</c> between.</summary>
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?$")]
    private static partial Regex DeviceName();

    [GeneratedRegex("^[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?/[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?=[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    /// <summary>A device, its spec file, and the directory that defines it twice (null when it does not).</summary>
    private sealed record Entry(CdiSpec Spec, CdiDevice Device, string? Conflict);
}
