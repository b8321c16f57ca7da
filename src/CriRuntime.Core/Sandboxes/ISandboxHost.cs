namespace CriRuntime.Core.Sandboxes;

/// <summary>The host side of a sandbox: pinned namespaces and the pod's shared /dev/shm.</summary>
public interface ISandboxHost
{
    /// <summary>Creates and pins the namespaces (<c>criruntime-shim pin</c>); returns their files by OCI type.</summary>
    Task<IReadOnlyDictionary<string, string>> PinNamespacesAsync(string directory, bool network, bool ipc, bool uts, string? hostname, CancellationToken cancellationToken);

    /// <summary>The node's <c>/etc/hosts</c> or <c>/etc/resolv.conf</c> (<paramref name="path"/>) as text; empty when missing.</summary>
    Task<string> ReadNodeFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Unmounts and deletes pinned namespace files; missing ones are fine.</summary>
    void UnpinNamespaces(IEnumerable<string> files);

    /// <summary>Mounts a tmpfs for /dev/shm at <paramref name="path"/>.</summary>
    void MountShm(string path, long sizeBytes);

    /// <summary>Detaches a mount; false when nothing was mounted there.</summary>
    bool Unmount(string path);

    /// <summary>Whether something is mounted exactly at <paramref name="path"/>.</summary>
    bool IsMounted(string path);
}
