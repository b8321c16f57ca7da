using System.Globalization;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Spec;
using CriRuntime.Linux.Interop;
using CriRuntime.Linux.Snapshots;
using Microsoft.Win32.SafeHandles;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Id-mapped mounts (<c>open_tree</c> clone, <c>mount_setattr(MOUNT_ATTR_IDMAP)</c> with the pod's pinned user
/// namespace, then overlayfs or <c>move_mount</c>), ownership, and pins taken from the infra process.
/// </summary>
public sealed class UserNamespaceHost(ISandboxHost sandboxes) : IUserNamespaceHost
{
    /// <summary>OCI namespace types and their names under <c>/proc/PID/ns</c>.</summary>
    private static readonly Dictionary<string, string> ProcNames = new(StringComparer.Ordinal)
    {
        [NamespaceTypes.User] = "user",
        [NamespaceTypes.Network] = "net",
        [NamespaceTypes.Ipc] = "ipc",
        [NamespaceTypes.Uts] = "uts",
    };

    public void MountOverlay(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target, string userNamespace, uint rootUid, uint rootGid)
    {
        Directory.CreateDirectory(upperDir);
        Directory.CreateDirectory(workDir);
        // The upper dir is not id-mapped (overlayfs makes its work dir with the mounter's ids, which the pod's map
        // lacks): the container's root owns it on the host, and copied-up files keep the ids the lower layers show.
        Native.Lchown(upperDir, rootUid, rootGid);
        var lowers = lowerDirs.Count > 0 ? lowerDirs : [OverlayMount.EmptyLower(upperDir)];
        using var ns = Native.OpenReadOnly(userNamespace);
        var trees = new List<SafeFileHandle>(lowers.Count);
        // Kernels before 6.15 refuse a detached mount as an overlay layer (clone_private_mount wants one in the
        // caller's mount namespace: EINVAL on Debian 12's 6.1), so each id-mapped layer is attached here first.
        var attachDir = workDir + "-idmapped";
        var attached = new List<string>(lowers.Count);
        try
        {
            foreach (var lower in lowers)
            {
                var tree = Native.OpenTreeClone(lower);
                trees.Add(tree);
                Native.MountSetattrIdmap(tree, ns, lower);
                var at = Path.Combine(attachDir, attached.Count.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(at);
                attached.Add(at);
                Native.MoveMount(tree, at);
            }

            // overlayfs takes a private clone of each layer, so the attached trees may go right after. The paths stay
            // short through the descriptors, which now name the attached mounts.
            OverlayMount.Mount([.. trees.Select(t => "/proc/self/fd/" + t.DangerousGetHandle().ToString(CultureInfo.InvariantCulture))], upperDir, workDir, target);
        }
        finally
        {
            foreach (var tree in trees)
            {
                tree.Dispose();
            }

            // Not recursive: a layer still attached (its unmount failed) must stop the deletion, not be emptied.
            foreach (var at in attached)
            {
                Native.UnmountDetach(at);
                Directory.Delete(at);
            }

            if (Directory.Exists(attachDir))
            {
                Directory.Delete(attachDir);
            }
        }
    }

    public void MountIdmapped(string source, string target, string userNamespace)
    {
        if (Directory.Exists(source))
        {
            Directory.CreateDirectory(target);
        }
        else if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, []);
        }

        using var ns = Native.OpenReadOnly(userNamespace);
        using var tree = Native.OpenTreeClone(source);
        Native.MountSetattrIdmap(tree, ns, source);
        Native.MoveMount(tree, target);
    }

    public void Chown(string path, uint uid, uint gid) => Native.Lchown(path, uid, gid);

    public IReadOnlyDictionary<string, string> PinFromProcess(string directory, int pid, IReadOnlyList<string> types)
    {
        Directory.CreateDirectory(directory);
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var type in types)
            {
                var name = ProcNames[type];
                var target = Path.Combine(directory, name);
                // CreateNew: never mount over a pin that is already there.
                using (File.Open(target, FileMode.CreateNew, FileAccess.Write))
                {
                }

                pins[type] = target;
                Native.Mount($"/proc/{pid}/ns/{name}", target, "", Native.MS_BIND, null);
            }

            return pins;
        }
        catch
        {
            sandboxes.UnpinNamespaces(pins.Values);
            throw;
        }
    }

    public bool Unmount(string path) => sandboxes.Unmount(path);
}
