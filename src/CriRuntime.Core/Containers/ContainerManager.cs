using System.Security.Cryptography;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Events;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace CriRuntime.Core.Containers;

/// <summary>
/// The CRI container operations. One partial file per operation (ContainerManager.Create.cs, ...). Every change
/// of a container happens under its entry's lock and is persisted before it is visible.
/// </summary>
public sealed partial class ContainerManager
{
    /// <summary>
    /// ExecSync output beyond this many bytes per stream is dropped: both streams together stay under the daemon's
    /// 16 MiB gRPC message limit.
    /// </summary>
    public const int ExecOutputLimit = (8 * 1024 * 1024) - (32 * 1024);

    private static readonly TimeSpan ExitPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ObjectStore<ContainerRecord> _containers;
    private readonly ObjectStore<SandboxRecord> _sandboxes;
    private readonly IContainerImages _images;
    private readonly IRootfsMounter _rootfs;
    private readonly IShimHost _shims;
    private readonly IOciRuntimeProvider _runtimes;
    private readonly ICgroupReader _cgroups;
    private readonly IDeviceResolver _devices;
    private readonly IHandlerFeatures _features;
    private readonly IHostSecurity _security;
    private readonly RuntimePaths _paths;
    private readonly DaemonConfig _config;
    private readonly ILogger _logger;
    private readonly IHostFiles _files;
    private readonly TimeProvider _time;
    private readonly ContainerEventHub _events;
    private readonly IUserNamespaceHost _userNamespaces;
    private readonly Cdi.CdiRegistry _cdi;

    public ContainerManager(
        ObjectStore<ContainerRecord> containers,
        ObjectStore<SandboxRecord> sandboxes,
        IContainerImages images,
        IRootfsMounter rootfs,
        IShimHost shims,
        IOciRuntimeProvider runtimes,
        ICgroupReader cgroups,
        IDeviceResolver devices,
        IHandlerFeatures features,
        IHostSecurity security,
        RuntimePaths paths,
        DaemonConfig config,
        ILogger<ContainerManager> logger,
        IHostFiles files,
        TimeProvider time,
        ContainerEventHub events,
        IUserNamespaceHost userNamespaces)
    {
        _containers = containers;
        _sandboxes = sandboxes;
        _images = images;
        _rootfs = rootfs;
        _shims = shims;
        _runtimes = runtimes;
        _cgroups = cgroups;
        _devices = devices;
        _features = features;
        _security = security;
        _paths = paths;
        _config = config;
        _logger = logger;
        _events = events;
        _userNamespaces = userNamespaces;
        _files = files;
        _time = time;
        _cdi = new Cdi.CdiRegistry(config.Cdi.SpecDirs, files);
        _containers.Updated += OnRecordUpdated;
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The container, with its state brought up to date from the exit file; NotFound when unknown.</summary>
    public ContainerRecord Get(string idOrPrefix) => Refresh(Require(idOrPrefix));

    /// <summary>Containers of a sandbox (infra included).</summary>
    internal IReadOnlyList<StoreEntry<ContainerRecord>> OfSandbox(string sandboxId) =>
        [.. _containers.List().Where(e => e.Record.SandboxId == sandboxId)];

    private StoreEntry<ContainerRecord> Require(string idOrPrefix) =>
        _containers.Find(idOrPrefix) ?? throw CriException.NotFound($"container \"{idOrPrefix}\" not found");

    /// <summary>
    /// Moves a created or running container to exited when its shim has written the exit file. Answered from memory
    /// while its watched shim runs; safe without the entry's lock (the update is idempotent).
    /// </summary>
    internal ContainerRecord Refresh(StoreEntry<ContainerRecord> entry)
    {
        var record = entry.Record;
        if (record.State is not (ContainerState.Created or ContainerState.Running) || !IsLaunched(record) || ShimRuns(record.Id))
        {
            return record;
        }

        var exit = _shims.ReadExit(_paths.ExitFile(record.Id));
        if (exit is null)
        {
            return record;
        }

        if (!exit.OomKilled && (exit.Signal == Signals.SigKill || exit.ExitCode == 128 + Signals.SigKill) && record.CgroupsPath.Length > 0)
        {
            try
            {
                if (_cgroups.WasOomKilled(record.CgroupsPath, _runtimes.Get(record.Handler).SystemdCgroup))
                {
                    exit = exit with { OomKilled = true };
                }
            }
            catch (Exception e) when (e is IOException or CriException)
            {
                Log.CleanupFailed(_logger, record.Id, e.Message);
            }
        }

        return _containers.Update(entry, r => r.State is ContainerState.Created or ContainerState.Running ? ApplyExit(r, exit) : r);
    }

    internal static ContainerRecord ApplyExit(ContainerRecord record, ContainerExit exit)
    {
        var reason = exit.OomKilled ? "OOMKilled" : exit.Error is not null ? "StartError" : exit.ExitCode == 0 ? "Completed" : "Error";
        var code = exit.ExitCode >= 0 ? exit.ExitCode : 128;
        return record with
        {
            State = ContainerState.Exited,
            ExitCode = code,
            FinishedAt = Clock.ToNanos(exit.ExitedAt),
            Reason = reason,
            Message = exit.Error ?? (exit.Signal > 0 ? $"killed by signal {exit.Signal}" : ""),
        };
    }

    /// <summary>What the host's cgroups can enforce (Status reports it).</summary>
    public CgroupCapabilities CgroupCapabilities => _cgroups.Capabilities;

    /// <summary>The limits fitted to the host (<see cref="ResourceFit"/>); what is left out is logged at Debug.</summary>
    private ResourceLimits? FitResources(ResourceLimits? limits, string name)
    {
        if (limits is null)
        {
            return null;
        }

        var fitted = ResourceFit.Fit(limits, _cgroups.Capabilities);
        if (fitted.Dropped.Count > 0)
        {
            Log.ResourcesLeftOut(_logger, name, string.Join("; ", fitted.Dropped));
        }

        return fitted.Limits;
    }

    private static Prometheus.ITimer Time(string operation, string handler) => CriMetrics.ContainerOperationDuration.WithLabels(operation, handler).NewTimer();

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Created container {Id} ({Name}) in sandbox {SandboxId}")]
        public static partial void Created(ILogger logger, string id, string name, string sandboxId);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Started container {Id}")]
        public static partial void Started(ILogger logger, string id);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Stopped container {Id} (exit code {ExitCode})")]
        public static partial void Stopped(ILogger logger, string id, int exitCode);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Removed container {Id}")]
        public static partial void Removed(ILogger logger, string id);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Undoing step of container {Id} failed: {Error}")]
        public static partial void UndoFailed(ILogger logger, string id, string error);

        [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Container {Id} did not exit {Seconds}s after SIGKILL")]
        public static partial void KillTimedOut(ILogger logger, string id, double seconds);

        [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Cleaning up container {Id}: {Error}")]
        public static partial void CleanupFailed(ILogger logger, string id, string error);

        [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Recovered container {Id}: {State}")]
        public static partial void Recovered(ILogger logger, string id, ContainerState state);

        [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "The shim of container {Id} exited without recording the exit status: the container was killed and reported exited (137, ShimLost)")]
        public static partial void ShimLost(ILogger logger, string id);

        [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Removed what the interrupted creation of container {Id} left (it has no record)")]
        public static partial void RemovedOrphan(ILogger logger, string id);

        [LoggerMessage(EventId = 4150, Level = LogLevel.Debug, Message = "Container {Name}: the host cannot enforce, so left out: {Dropped}")]
        public static partial void ResourcesLeftOut(ILogger logger, string name, string dropped);

        [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "Container record {Id} is unreadable and was moved aside")]
        public static partial void CorruptRecord(ILogger logger, string id, Exception exception);
    }
}
