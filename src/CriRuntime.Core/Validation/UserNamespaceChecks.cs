using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Validation;

/// <summary>
/// What this runtime accepts as CRI <c>userns_options</c> (kubelet's shape of KEP-127): mode NODE without mappings,
/// or mode POD with one uid and one gid range of the same length that maps container id 0 and fits in 32 bits, with
/// the pod's network, IPC and PID namespaces its own. Every refusal is InvalidArgument naming the field.
/// </summary>
public static class UserNamespaceChecks
{
    private const string Field = "namespace_options.userns_options";

    /// <summary>The user namespace a RunPodSandbox request asks for, against its other namespace modes.</summary>
    public static void Sandbox(SandboxRequest request)
    {
        if (request.UserNamespace is not { } options)
        {
            return;
        }

        Options(options);
        if (!options.IsPod)
        {
            return;
        }

        foreach (var (name, mode) in new[] { ("network", request.NetworkMode), ("ipc", request.IpcMode), ("pid", request.PidMode) })
        {
            if (mode == NamespaceMode.Node)
            {
                throw CriException.InvalidArgument(
                    $"{Field}.mode POD cannot be combined with namespace_options.{name} NODE: the host's namespace is not owned by the pod's user namespace");
            }
        }
    }

    /// <summary>The mode and mappings alone.</summary>
    public static void Options(UserNamespaceOptions options)
    {
        switch (options.Mode)
        {
            case NamespaceMode.Container or NamespaceMode.Target:
                throw CriException.InvalidArgument($"{Field}.mode {options.Mode.ToString().ToUpperInvariant()} is not supported: only POD and NODE are");
            case NamespaceMode.Node:
                if (options.Uids.Count > 0 || options.Gids.Count > 0)
                {
                    throw CriException.InvalidArgument($"{Field}: uids and gids are only valid with mode POD, not NODE");
                }

                return;
        }

        Ranges("uids", options.Uids);
        Ranges("gids", options.Gids);
        if (options.Uids[0].Length != options.Gids[0].Length)
        {
            throw CriException.InvalidArgument(
                $"{Field}: uids map {options.Uids[0].Length} ids but gids map {options.Gids[0].Length}; both must map the same range");
        }
    }

    /// <summary>
    /// A container of <paramref name="sandbox"/>: its own userns_options (kubelet repeats the pod's) must be the
    /// pod's, and id-mapped mounts must use the pod's mappings (the only user namespace they can be mapped through).
    /// </summary>
    public static void Container(ContainerRequest request, SandboxRecord sandbox)
    {
        var pod = sandbox.UserNamespace;
        var podMode = pod?.Mode ?? NamespaceMode.Node;
        if (request.UserNamespace is { } own)
        {
            Options(own);
            if (own.Mode != podMode || (own.IsPod && !SameMappings(own, pod!)))
            {
                throw CriException.InvalidArgument(
                    $"container {Field} (mode {own.Mode.ToString().ToUpperInvariant()}) differs from its pod's (mode {podMode.ToString().ToUpperInvariant()}): a container shares its pod's user namespace");
            }
        }

        foreach (var mount in request.Mounts)
        {
            if (mount.UidMappings.Count == 0 && mount.GidMappings.Count == 0)
            {
                continue;
            }

            if (pod is not { IsPod: true })
            {
                throw CriException.InvalidArgument($"mount \"{mount.ContainerPath}\": uid_mappings and gid_mappings need a pod in a user namespace (userns_options mode POD)");
            }

            if (!mount.UidMappings.SequenceEqual(pod.Uids) || !mount.GidMappings.SequenceEqual(pod.Gids))
            {
                throw CriException.InvalidArgument($"mount \"{mount.ContainerPath}\": uid_mappings and gid_mappings must be the pod's user namespace mappings");
            }
        }
    }

    private static bool SameMappings(UserNamespaceOptions a, UserNamespaceOptions b) =>
        a.Uids.SequenceEqual(b.Uids) && a.Gids.SequenceEqual(b.Gids);

    private static void Ranges(string name, IReadOnlyList<IdMapping> mappings)
    {
        if (mappings.Count != 1)
        {
            throw CriException.InvalidArgument($"{Field}.{name}: exactly one mapping is supported, got {mappings.Count}");
        }

        var m = mappings[0];
        if (m.Length == 0)
        {
            throw CriException.InvalidArgument($"{Field}.{name}[0].length must be positive");
        }

        if (m.ContainerId != 0)
        {
            throw CriException.InvalidArgument($"{Field}.{name}[0]: container id 0 must be mapped (container_id is {m.ContainerId})");
        }

        if ((ulong)m.HostId + m.Length > uint.MaxValue)
        {
            throw CriException.InvalidArgument($"{Field}.{name}[0]: host_id {m.HostId} + length {m.Length} is beyond the 32-bit id space");
        }
    }
}
