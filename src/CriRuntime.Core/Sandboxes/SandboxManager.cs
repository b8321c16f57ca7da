using CriRuntime.Core.Containers;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace CriRuntime.Core.Sandboxes;

/// <summary>
/// The CRI pod sandbox operations, one partial file per operation. A sandbox is pinned namespaces, a few files
/// (hostname, hosts, resolv.conf), a shared /dev/shm, and an infra process only when its containers share one
/// PID namespace or the pod has a user namespace of its own.
/// </summary>
public sealed partial class SandboxManager
{
    /// <summary>The size of a pod's shared /dev/shm (Docker's and containerd's default).</summary>
    public const long ShmSize = 64 * 1024 * 1024;

    private readonly ObjectStore<SandboxRecord> _sandboxes;
    private readonly ContainerManager _containers;
    private readonly ISandboxHost _host;
    private readonly IPodNetwork _network;
    private readonly IOciRuntimeProvider _runtimes;
    private readonly RuntimePaths _paths;
    private readonly ILogger _logger;
    private readonly IHostFiles _files;
    private readonly TimeProvider _time;
    private readonly INetworkUsageReader? _networkUsage;
    private readonly HandlerReadiness? _handlers;
    private readonly IPodCgroups? _podCgroups;

    public SandboxManager(
        ObjectStore<SandboxRecord> sandboxes,
        ContainerManager containers,
        ISandboxHost host,
        IPodNetwork network,
        IOciRuntimeProvider runtimes,
        RuntimePaths paths,
        ILogger<SandboxManager> logger,
        IHostFiles files,
        TimeProvider time,
        INetworkUsageReader? networkUsage = null,
        HandlerReadiness? handlers = null,
        IPodCgroups? podCgroups = null)
    {
        _podCgroups = podCgroups;
        _networkUsage = networkUsage;
        _sandboxes = sandboxes;
        _containers = containers;
        _host = host;
        _network = network;
        _runtimes = runtimes;
        _paths = paths;
        _logger = logger;
        _handlers = handlers;
        _files = files;
        _time = time;
    }

    public SandboxRecord Get(string idOrPrefix) => Require(idOrPrefix).Record;

    private StoreEntry<SandboxRecord> Require(string idOrPrefix) =>
        _sandboxes.Find(idOrPrefix) ?? throw CriException.NotFound($"sandbox \"{idOrPrefix}\" not found");

    /// <summary>What networking needs to know about a sandbox.</summary>
    private static PodNetworkRequest NetworkRequest(SandboxRecord sandbox, string netns) => new()
    {
        SandboxId = sandbox.Id,
        NetnsPath = netns,
        PodName = sandbox.Name,
        PodNamespace = sandbox.Namespace,
        PodUid = sandbox.Uid,
        PortMappings = sandbox.PortMappings,
        Dns = sandbox.Dns,
        Annotations = sandbox.Annotations,
    };

    private static Prometheus.ITimer Time(string operation, string handler) => CriMetrics.SandboxOperationDuration.WithLabels(operation, handler).NewTimer();

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Ran sandbox {Id} ({Name}) with handler {Handler}")]
        public static partial void Ran(ILogger logger, string id, string name, string handler);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Stopped sandbox {Id}")]
        public static partial void Stopped(ILogger logger, string id);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Removed sandbox {Id}")]
        public static partial void Removed(ILogger logger, string id);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Undoing step of sandbox {Id} failed: {Error}")]
        public static partial void UndoFailed(ILogger logger, string id, string error);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Sandbox record {Id} is unreadable and was moved aside")]
        public static partial void CorruptRecord(ILogger logger, string id, Exception exception);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Recovered sandbox {Id}: {State}")]
        public static partial void Recovered(ILogger logger, string id, SandboxState state);

        [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Removed what the interrupted run of sandbox {Id} left (it has no record)")]
        public static partial void RemovedOrphan(ILogger logger, string id);
    }
}
