namespace CriRuntime.Core.Runtime;

/// <summary>
/// What one runtime handler's OCI runtime can do, from its <c>features</c> document (OCI runtime-spec
/// <c>features.md</c>) and the kernel. A runtime without a <c>features</c> command gets <see cref="None"/>: every
/// optional feature off.
/// </summary>
public sealed record HandlerFeatures
{
    /// <summary>Nothing known: no feature document, or an unreadable one.</summary>
    public static readonly HandlerFeatures None = new();

    /// <summary>Whether the runtime answered <c>features</c> with a document.</summary>
    public bool Probed { get; init; }

    /// <summary>The mount options the runtime understands (<c>mountOptions</c>), e.g. <c>rro</c>, <c>rbind</c>.</summary>
    public IReadOnlySet<string> MountOptions { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The namespace types the runtime can create (<c>linux.namespaces</c>), OCI names (<c>user</c>, <c>pid</c>).</summary>
    public IReadOnlySet<string> Namespaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether the runtime does id-mapped mounts (<c>linux.mountExtensions.idmap.enabled</c>).</summary>
    public bool IdmapMounts { get; init; }

    /// <summary>
    /// Recursive read-only bind mounts: the runtime takes the <c>rro</c> option and the kernel has
    /// <c>mount_setattr(2)</c> (Linux 5.12) to apply it.
    /// </summary>
    public bool RecursiveReadOnlyMounts { get; init; }

    /// <summary>
    /// Whether the kernel id-maps mounts of the file system holding the daemon's root (probed once at start-up with
    /// <c>open_tree</c> and <c>mount_setattr(MOUNT_ATTR_IDMAP)</c>): this runtime makes the id-mapped root
    /// filesystems and volumes itself, so the OCI runtime need not (runc before 1.2 cannot).
    /// </summary>
    public bool HostIdmapMounts { get; init; }

    /// <summary>
    /// Pods in user namespaces, as kubelet needs them: the runtime creates user namespaces (and joins them by path)
    /// and the host id-maps the root filesystems and volumes (which stay owned by the host's ids).
    /// </summary>
    public bool UserNamespaces => Namespaces.Contains("user") && HostIdmapMounts;
}

/// <summary>The probed features of each configured handler.</summary>
public interface IHandlerFeatures
{
    /// <summary>The handler's features (the default handler's for an empty name); <see cref="HandlerFeatures.None"/> when unknown.</summary>
    HandlerFeatures Get(string handler);
}
