using CriRuntime.Core.Configuration;

namespace CriRuntime.Core.Stores;

/// <summary>
/// Where sandboxes and containers keep their files. Records and writable layers persist under the root dir;
/// bundles, pinned namespaces, shim sockets and exit files are volatile, under the state dir.
/// </summary>
public sealed class RuntimePaths(DaemonConfig config)
{
    /// <summary><c>criruntime-shim</c>: configured, or next to the daemon's executable.</summary>
    public string ShimBinary => config.Runtime.ShimPath.Length > 0
        ? config.Runtime.ShimPath
        : Path.Combine(AppContext.BaseDirectory, "criruntime-shim");

    public string SandboxMetadata => Path.Combine(config.Root, "metadata", "sandboxes");

    public string ContainerMetadata => Path.Combine(config.Root, "metadata", "containers");

    public string SandboxDir(string id) => Path.Combine(config.State, "sandboxes", id);

    public string NamespaceDir(string sandboxId) => Path.Combine(SandboxDir(sandboxId), "ns");

    public string ShmDir(string sandboxId) => Path.Combine(SandboxDir(sandboxId), "shm");

    public string ResolvConf(string sandboxId) => Path.Combine(SandboxDir(sandboxId), "resolv.conf");

    public string Hosts(string sandboxId) => Path.Combine(SandboxDir(sandboxId), "hosts");

    public string HostnameFile(string sandboxId) => Path.Combine(SandboxDir(sandboxId), "hostname");

    /// <summary>The bundle: config.json and the rootfs mount point.</summary>
    public string Bundle(string containerId) => Path.Combine(config.State, "containers", containerId);

    /// <summary>
    /// Where a container's id-mapped volume mounts are attached (one entry per mount) for the OCI runtime to bind;
    /// outside the bundle, so no recursive delete of the bundle can reach into a volume.
    /// </summary>
    public string IdmapDir(string containerId) => Path.Combine(config.State, "idmap", containerId);

    /// <summary>
    /// Where a container's image volumes (CRI <c>Mount.image</c>) are mounted read-only, one entry per mount, for the
    /// OCI runtime to bind; outside the bundle, like <see cref="IdmapDir"/>.
    /// </summary>
    public string ImageVolumeDir(string containerId) => Path.Combine(config.State, "imagevolumes", containerId);

    public string Rootfs(string containerId) => Path.Combine(Bundle(containerId), "rootfs");

    public string ExitFile(string containerId) => Path.Combine(Bundle(containerId), "exit.json");

    public string PidFile(string containerId) => Path.Combine(Bundle(containerId), "init.pid");

    /// <summary>Short on purpose: a unix socket path must fit in 108 bytes.</summary>
    public string ShimSocket(string containerId) => Path.Combine(config.State, "s", containerId[..Math.Min(20, containerId.Length)] + ".sock");

    /// <summary>The writable layer (overlay upper and work dirs) on persistent storage.</summary>
    public string WritableLayer(string containerId) => Path.Combine(WritableLayers, containerId);

    /// <summary>The directory of every container's writable layer: ImageFsInfo reports it as the container filesystem.</summary>
    public string WritableLayers => Path.Combine(config.Root, "containers");

    public string UpperDir(string containerId) => Path.Combine(WritableLayer(containerId), "upper");

    public string WorkDir(string containerId) => Path.Combine(WritableLayer(containerId), "work");
}
