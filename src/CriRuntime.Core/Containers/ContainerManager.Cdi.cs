using CriRuntime.Core.Cdi;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Containers;

/// <summary>
/// CDI devices (CRI <c>CDI_devices</c>, Container Device Interface specification): each requested device's spec file
/// edits (once per file) and its own edits become spec options applied after the container's own: environment, device
/// nodes (with a cgroup allow rule), mounts, hooks and supplementary groups.
/// </summary>
public sealed partial class ContainerManager
{
    /// <summary>The spec options of the requested CDI devices; an unknown one is InvalidArgument naming it.</summary>
    private List<SpecOpt> CdiSpecOpts(IReadOnlyList<string> names)
    {
        var opts = new List<SpecOpt>();
        foreach (var device in _cdi.Resolve(names))
        {
            foreach (var edits in new[] { device.SpecEdits, device.DeviceEdits })
            {
                if (edits is null)
                {
                    continue;
                }

                if (edits.IntelRdt is not null || edits.NetDevices is not null)
                {
                    throw CriException.InvalidArgument($"CDI device \"{device.Name}\" uses intelRdt or netDevices edits, which this runtime does not apply");
                }

                opts.Add(SpecOpts.WithEnv(edits.Env ?? []));
                opts.Add(SpecOpts.WithDevices([.. (edits.DeviceNodes ?? []).Select(n => CdiDeviceRequest(device.Name, n))]));
                opts.Add(SpecOpts.WithOciMounts((edits.Mounts ?? []).Select(m => new OciMount
                {
                    Destination = m.ContainerPath,
                    Source = m.HostPath,
                    Type = m.Type,
                    Options = m.Options is { Count: > 0 } options ? [.. options] : null,
                })));
                opts.Add(SpecOpts.WithHooks((edits.Hooks ?? []).Select(h => (h.HookName, new OciHook
                {
                    Path = h.Path,
                    Args = h.Args is { Count: > 0 } args ? [.. args] : null,
                    Env = h.Env is { Count: > 0 } env ? [.. env] : null,
                    Timeout = h.Timeout,
                }))));
                opts.Add(SpecOpts.WithAdditionalGids(edits.AdditionalGids ?? []));
            }
        }

        return opts;
    }

    /// <summary>
    /// A CDI device node: type, major and minor as given, else the host node's at <c>hostPath</c> (or <c>path</c>);
    /// mode, uid and gid as given, else the host node's.
    /// </summary>
    private DeviceRequest CdiDeviceRequest(string deviceName, CdiDeviceNode node)
    {
        DeviceNode resolved;
        if (node is { Type: { Length: 1 } type, Major: { } major, Minor: { } minor })
        {
            resolved = new DeviceNode(type[0], major, minor, node.FileMode ?? 0x1B6, node.Uid ?? 0, node.Gid ?? 0);
        }
        else
        {
            var hostPath = node.HostPath ?? node.Path;
            var host = _devices.Resolve(hostPath)
                ?? throw CriException.InvalidArgument($"CDI device \"{deviceName}\": {SafeText.Clip(hostPath)} is not a device node on the host");
            resolved = host with
            {
                Type = node.Type is { Length: 1 } given ? given[0] : host.Type,
                FileMode = node.FileMode ?? host.FileMode,
                Uid = node.Uid ?? host.Uid,
                Gid = node.Gid ?? host.Gid,
            };
        }

        return new DeviceRequest(node.Path, resolved, node.Permissions ?? "rwm");
    }
}
