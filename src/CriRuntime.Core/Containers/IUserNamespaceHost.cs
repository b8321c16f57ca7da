namespace CriRuntime.Core.Containers;

/// <summary>
/// The host side of pods in user namespaces (implemented in <c>CriRuntime.Linux/Namespaces/UserNamespaceHost</c>).
/// The OCI runtime creates the pod's user namespace (in the infra container); everything it cannot do itself (runc
/// before 1.2 has no id-mapped mounts) is done here, through the pinned user namespace file.
/// </summary>
public interface IUserNamespaceHost
{
    /// <summary>
    /// Mounts a container's root filesystem at <paramref name="target"/> for the user namespace pinned at
    /// <paramref name="userNamespace"/>: overlayfs over id-mapped clones of the image's layers (top first), so the
    /// image's root-owned files are the container root's, and an upper dir owned by the container's root
    /// (<paramref name="rootUid"/>, <paramref name="rootGid"/> on the host), where its writes land with its host ids.
    /// </summary>
    void MountOverlay(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target, string userNamespace, uint rootUid, uint rootGid);

    /// <summary>
    /// Attaches an id-mapped clone of <paramref name="source"/> (a directory or a file) at <paramref name="target"/>,
    /// which is created (a directory or an empty file) if missing; the OCI runtime then bind-mounts the target.
    /// </summary>
    void MountIdmapped(string source, string target, string userNamespace);

    /// <summary>Gives <paramref name="path"/> itself (never a symbolic link's target) to the host ids.</summary>
    void Chown(string path, uint uid, uint gid);

    /// <summary>
    /// Pins namespaces of process <paramref name="pid"/> (OCI type names) by bind-mounting <c>/proc/PID/ns/*</c> onto
    /// new files in <paramref name="directory"/>; returns the files by type. Nothing is left pinned when it fails.
    /// </summary>
    IReadOnlyDictionary<string, string> PinFromProcess(string directory, int pid, IReadOnlyList<string> types);

    /// <summary>Detaches whatever is mounted at <paramref name="path"/>; false when nothing was.</summary>
    bool Unmount(string path);
}
