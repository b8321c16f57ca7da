namespace CriRuntime.Core.Configuration;

/// <summary>
/// The daemon's configuration after the TOML file and the command-line flags are merged.
/// Every default here is the documented one (README's configuration reference).
/// </summary>
public sealed record DaemonConfig
{
    /// <summary>Unix socket the CRI gRPC API is served on.</summary>
    public string Listen { get; init; } = "/run/criruntime/criruntime.sock";

    /// <summary>Persistent state: images, snapshots, metadata records.</summary>
    public string Root { get; init; } = "/var/lib/criruntime";

    /// <summary>Volatile state: shim sockets, pinned namespaces, OCI runtime state.</summary>
    public string State { get; init; } = "/run/criruntime";

    /// <summary>host:port of the Prometheus endpoint; empty turns metrics off.</summary>
    public string MetricsAddress { get; init; } = "127.0.0.1:9101";

    public LogLevelName LogLevel { get; init; } = LogLevelName.Info;

    /// <summary>How long in-flight calls may run after SIGTERM before the daemon exits anyway.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public RuntimeSection Runtime { get; init; } = new();

    public CniSection Cni { get; init; } = new();

    public CdiSection Cdi { get; init; } = new();

    public RegistrySection Registry { get; init; } = new();

    public ImageSection Images { get; init; } = new();

    public StreamingSection Streaming { get; init; } = new();
}

public enum LogLevelName
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

public enum CgroupDriver
{
    Cgroupfs,
    Systemd,
}

public sealed record RuntimeSection
{
    /// <summary>The handler used when a sandbox names none (RuntimeClass "" ).</summary>
    public string DefaultHandler { get; init; } = "runc";

    public CgroupDriver CgroupDriver { get; init; } = CgroupDriver.Cgroupfs;

    /// <summary>OCI runtimes by RuntimeClass handler name.</summary>
    public IReadOnlyDictionary<string, RuntimeHandlerConfig> Handlers { get; init; } = new Dictionary<string, RuntimeHandlerConfig>(StringComparer.Ordinal)
    {
        ["runc"] = new RuntimeHandlerConfig { Path = "runc" },
        ["crun"] = new RuntimeHandlerConfig { Path = "crun" },
    };

    /// <summary>Path of the per-container shim; empty means next to the daemon executable.</summary>
    public string ShimPath { get; init; } = "";
}

public sealed record RuntimeHandlerConfig
{
    /// <summary>Binary name (looked up on PATH) or absolute path.</summary>
    public string Path { get; init; } = "runc";

    /// <summary>Root directory the OCI runtime keeps its state in; empty means under the daemon's state dir.</summary>
    public string RuntimeRoot { get; init; } = "";
}

public sealed record CniSection
{
    public string ConfDir { get; init; } = "/etc/cni/net.d";

    public IReadOnlyList<string> BinDirs { get; init; } = ["/opt/cni/bin", "/usr/lib/cni"];

    /// <summary>How long one plugin invocation may run.</summary>
    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>Container Device Interface: where CDI spec files are read.</summary>
public sealed record CdiSection
{
    /// <summary>Spec directories, lowest priority first: a device defined in a later one wins.</summary>
    public IReadOnlyList<string> SpecDirs { get; init; } = ["/etc/cdi", "/var/run/cdi"];
}

public sealed record RegistrySection
{
    /// <summary>Directory of per-registry files (mirrors, insecure, CA, rewrites), re-read at each pull.</summary>
    public string ConfigDir { get; init; } = "/etc/criruntime/registries.d";

    /// <summary>Layers downloaded at once per pull.</summary>
    public int MaxConcurrentDownloads { get; init; } = 3;

    /// <summary>A download that receives nothing for this long is abandoned.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

public sealed record ImageSection
{
    /// <summary>Snapshotter for container root filesystems.</summary>
    public string Snapshotter { get; init; } = "overlayfs";
}

public sealed record StreamingSection
{
    /// <summary>host:port of the exec/attach/port-forward server; port 0 picks a free one.</summary>
    public string Address { get; init; } = "127.0.0.1:0";

    /// <summary>How long a URL returned by Exec, Attach or PortForward stays usable (it is single-use).</summary>
    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Streaming sessions served at once, all kinds together; more are refused (429).</summary>
    public int MaxSessions { get; init; } = 64;

    /// <summary>A session in which no byte moves either way for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Time a client gets to complete the upgrade and open its streams.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// TCP connections to the streaming server at once, idle or not (larger than <see cref="MaxSessions"/>); more
    /// are answered 503 and closed.
    /// </summary>
    public int MaxConnections { get; init; } = 1024;
}
