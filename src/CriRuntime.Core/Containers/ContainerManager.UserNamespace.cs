using System.Globalization;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>
/// Containers of pods in a user namespace (CRI <c>userns_options</c> mode POD): the pod's infra container creates
/// the namespace with its id maps, the sandbox pins it, and each container joins it by path. Their root filesystems
/// and id-mapped volumes are mounted here through <see cref="IUserNamespaceHost"/>, because the OCI runtime may not
/// do id-mapped mounts (runc 1.1 does not).
/// </summary>
public sealed partial class ContainerManager
{
    /// <summary>The pod's user namespace options when it has a namespace of its own; null in the host's.</summary>
    private static UserNamespaceOptions? PodUserNamespace(SandboxRecord sandbox) => sandbox.UserNamespace is { IsPod: true } u ? u : null;

    /// <summary>Whether pods of <paramref name="handler"/> can have user namespaces: the handler's probed features.</summary>
    internal bool SupportsUserNamespaces(string handler) => _features.Get(handler).UserNamespaces;

    internal IUserNamespaceHost UserNamespaceHost => _userNamespaces;

    /// <summary>The pinned user namespace file of a pod in a user namespace.</summary>
    private static string PinnedUserNamespace(SandboxRecord sandbox) =>
        sandbox.PinnedNamespaces.TryGetValue(NamespaceTypes.User, out var path)
            ? path
            : throw CriException.FailedPrecondition($"sandbox {sandbox.Id} has no pinned user namespace");

    /// <summary>Mounts the root filesystem: id-mapped for the pod's user namespace when it has one.</summary>
    private void MountRootfs(string id, ContainerImage image, SandboxRecord sandbox, UndoStack undo)
    {
        var rootfs = _paths.Rootfs(id);
        undo.Push(() => _rootfs.Unmount(rootfs));
        if (PodUserNamespace(sandbox) is { } userns)
        {
            UserNamespaceHost.MountOverlay(image.LowerDirs, _paths.UpperDir(id), _paths.WorkDir(id), rootfs, PinnedUserNamespace(sandbox), userns.RootUid, userns.RootGid);
        }
        else
        {
            _rootfs.Mount(image.LowerDirs, _paths.UpperDir(id), _paths.WorkDir(id), rootfs);
        }
    }

    /// <summary>
    /// The mounts as the spec gives them to the OCI runtime: each with uid and gid mappings (checked to be the pod's)
    /// is replaced by an id-mapped clone of its host path attached under <see cref="RuntimePaths.IdmapDir"/>.
    /// </summary>
    private List<MountRequest> PrepareIdmappedMounts(string id, IReadOnlyList<MountRequest> mounts, SandboxRecord sandbox, UndoStack undo)
    {
        var result = new List<MountRequest>(mounts.Count);
        var dir = _paths.IdmapDir(id);
        undo.Push(() => ReleaseIdmappedMounts(id));
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            if (mount.UidMappings.Count == 0)
            {
                result.Add(mount);
                continue;
            }

            var target = Path.Combine(dir, i.ToString(CultureInfo.InvariantCulture));
            try
            {
                UserNamespaceHost.MountIdmapped(mount.HostPath, target, PinnedUserNamespace(sandbox));
            }
            catch (IOException e)
            {
                throw CriException.InvalidArgument($"mount \"{mount.ContainerPath}\": host_path \"{mount.HostPath}\" cannot be id-mapped: {e.Message}");
            }

            result.Add(mount with { HostPath = target });
        }

        return result;
    }

    /// <summary>Detaches and removes the id-mapped volume mounts of a container.</summary>
    private void ReleaseIdmappedMounts(string id) => ReleaseMountDirectory(_paths.IdmapDir(id));
}
