using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// The CNI implementation of <see cref="IPodNetwork"/> and of the NetworkReady condition: the first network list
/// of the config dir, plugins chained with prevResult, an on-disk cache of every attachment so DEL repeats exactly
/// what ADD did. Operations on one sandbox are serialised; different sandboxes run in parallel.
/// </summary>
public sealed partial class CniPodNetwork : IPodNetwork, INetworkReadiness, IDisposable
{
    public const string NotReadyReason = "NetworkPluginNotReady";

    private readonly CniConfigWatcher _configs;
    private readonly CniPluginInvoker _invoker;
    private readonly CniResultCache _cache;
    private readonly PodCidrSettings _podCidr;
    private readonly ILogger _logger;
    private readonly IHostFiles _files;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public CniPodNetwork(CniConfigWatcher configs, CniPluginInvoker invoker, CniResultCache cache, PodCidrSettings podCidr, ILogger logger, IHostFiles files, TimeProvider time)
    {
        _configs = configs;
        _invoker = invoker;
        _cache = cache;
        _podCidr = podCidr;
        _logger = logger;
        _files = files;
        _time = time;
    }

    /// <summary>
    /// The usual wiring, once at start-up: config dir, bin dirs and timeout from the daemon config, the cache under
    /// the root dir (without the temporary files of writes a killed daemon cut off).
    /// </summary>
    public static CniPodNetwork Create(Configuration.DaemonConfig config, ICniExecutor executor, PodCidrSettings podCidr, ILogger logger, IHostFiles files, TimeProvider time)
    {
        var cache = new CniResultCache(Path.Combine(config.Root, "cni", "results"), files, time);
        cache.RemoveLeftovers();
        return new(new CniConfigWatcher(config.Cni.ConfDir, logger, files), new CniPluginInvoker(executor, config.Cni.BinDirs, config.Cni.PluginTimeout, files), cache, podCidr, logger, files, time);
    }

    public CniResultCache Cache => _cache;

    public ConditionStatus Check() => Readiness();

    public ConditionStatus Readiness()
    {
        var current = _configs.Current;
        return current.Network is not null ? ConditionStatus.Ok : new ConditionStatus(false, NotReadyReason, current.Message);
    }

    public async Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken ct)
    {
        Validate(request);
        using var _ = await LockAsync(request.SandboxId, ct);
        return await MeasureAsync("add", () => AddAsync(request, ct));
    }

    public async Task TearDownAsync(PodNetworkRequest request, CancellationToken ct)
    {
        Validate(request);
        using (await LockAsync(request.SandboxId, ct))
        {
            await MeasureAsync("del", async () =>
            {
                await DelAsync(request, ct);
                return true;
            });
        }

        // The pod's network is gone, so goes its gate (a later call makes a new one); kept, the map held one per pod
        // ever run (found in a soak's heap dump).
        _locks.TryRemove(request.SandboxId, out _);
    }

    /// <summary>Pods with a lock gate (for tests: a torn-down pod has none).</summary>
    internal int LockCount => _locks.Count;

    public async Task<bool> CheckAsync(PodNetworkRequest request, CancellationToken ct)
    {
        Validate(request);
        using var _ = await LockAsync(request.SandboxId, ct);
        var entry = _cache.Read(request.SandboxId, request.InterfaceName);
        if (entry?.Result is null)
        {
            return false;
        }

        var list = CniNetworkConfigList.ParseList(entry.Config, "cache");
        if (!CniVersion.HasCheck(list.CniVersion) || list.DisableCheck)
        {
            return false;
        }

        return await MeasureAsync("check", async () =>
        {
            var attachment = new CniAttachment(entry.ContainerId, request.NetnsPath, entry.InterfaceName, entry.CniArgs);
            var capabilities = ParseObject(entry.CapabilityArgs);
            foreach (var plugin in list.Plugins)
            {
                try
                {
                    await _invoker.InvokeAsync("CHECK", list, plugin, attachment, entry.Result, capabilities, ct);
                }
                catch (CniPluginException e)
                {
                    throw ToCriException(e, $"network check of pod {request.PodNamespace}/{request.PodName} (sandbox {request.SandboxId}) failed");
                }
            }

            return true;
        });
    }

    public PodNetworkStatus? CachedStatus(string sandboxId)
    {
        var entry = _cache.Read(sandboxId, "eth0");
        return entry?.Result is null ? null : StatusOf(CniResult.Parse(entry.Result), entry.NetworkName, entry.InterfaceName);
    }

    public void Dispose() => _configs.Dispose();

    private async Task<PodNetworkStatus> AddAsync(PodNetworkRequest request, CancellationToken ct)
    {
        var current = _configs.Current;
        var list = current.Network
            ?? throw new CriException(ErrorKind.FailedPrecondition, $"cannot set up the network of pod {request.PodNamespace}/{request.PodName}: {current.Message}");
        var capabilities = CniCapabilities.ForPod(request, _podCidr.Ranges);
        var args = CniArgs.Format(CniArgs.ForPod(request));
        var entry = new CniCacheEntry
        {
            ContainerId = request.SandboxId,
            InterfaceName = request.InterfaceName,
            NetnsPath = request.NetnsPath,
            NetworkName = list.Name,
            Config = list.Json,
            CniArgs = args,
            CapabilityArgs = capabilities.ToJsonString(),
            Created = _time.GetUtcNow(),
        };

        // Written before any plugin runs: a crash during the ADD still leaves what the DEL needs.
        _cache.Write(entry);
        var attachment = new CniAttachment(request.SandboxId, request.NetnsPath, request.InterfaceName, args);
        string? prevResult = null;
        CniResult? last = null;
        foreach (var plugin in list.Plugins)
        {
            try
            {
                var result = await _invoker.InvokeAsync("ADD", list, plugin, attachment, prevResult, capabilities, ct);
                if (result is not null)
                {
                    last = result;
                    prevResult = result.Json;
                }
            }
            catch (CniPluginException e)
            {
                var error = ToCriException(e, $"failed to set up the network of pod {request.PodNamespace}/{request.PodName} (sandbox {request.SandboxId})");
                Log.AddFailed(_logger, request.SandboxId, list.Name, e.Message);
                entry = entry with { Result = prevResult };
                _cache.Write(entry);
                await UndoAddAsync(entry, list, request, e);
                throw error;
            }
        }

        _cache.Write(entry with { Result = prevResult });
        var status = last is null ? PodNetworkStatus.None with { NetworkName = list.Name, InterfaceName = request.InterfaceName } : StatusOf(last, list.Name, request.InterfaceName);
        Log.Added(_logger, request.SandboxId, list.Name, status.Ip, string.Join(",", status.AdditionalIps));
        return status;
    }

    /// <summary>A failed ADD is deleted at once, so no address or interface stays allocated.</summary>
    private async Task UndoAddAsync(CniCacheEntry entry, CniNetworkConfigList list, PodNetworkRequest request, Exception cause)
    {
        // The caller's token may be what failed the ADD; the undo must still run (each plugin has its own timeout).
        try
        {
            await RunDelAsync(entry, list, request.NetnsPath, CancellationToken.None);
            _cache.Delete(entry.ContainerId, entry.InterfaceName);
        }
        catch (CniPluginException e)
        {
            // The cache entry stays: StopPodSandbox's DEL will try again.
            Log.UndoFailed(_logger, request.SandboxId, cause.Message, e.Message);
        }
    }

    private async Task DelAsync(PodNetworkRequest request, CancellationToken ct)
    {
        var entry = _cache.Read(request.SandboxId, request.InterfaceName);
        CniNetworkConfigList list;
        if (entry is not null)
        {
            list = CniNetworkConfigList.ParseList(entry.Config, "cache");
        }
        else
        {
            // Nothing cached: the sandbox was never set up, or was torn down already, or a crash came before the cache
            // was written. DEL with the current network is harmless in every case (plugins' DEL is idempotent).
            if (_configs.Current.Network is not { } current)
            {
                Log.NothingToDelete(_logger, request.SandboxId);
                return;
            }

            list = current;
            entry = new CniCacheEntry
            {
                ContainerId = request.SandboxId,
                InterfaceName = request.InterfaceName,
                NetnsPath = request.NetnsPath,
                NetworkName = current.Name,
                Config = current.Json,
                CniArgs = CniArgs.Format(CniArgs.ForPod(request)),
                CapabilityArgs = CniCapabilities.ForPod(request, _podCidr.Ranges).ToJsonString(),
            };
        }

        try
        {
            await RunDelAsync(entry, list, request.NetnsPath.Length > 0 ? request.NetnsPath : entry.NetnsPath, ct);
        }
        catch (CniPluginException e)
        {
            throw ToCriException(e, $"failed to tear down the network of pod {request.PodNamespace}/{request.PodName} (sandbox {request.SandboxId})");
        }

        _cache.Delete(request.SandboxId, request.InterfaceName);
        Log.Deleted(_logger, request.SandboxId, list.Name);
    }

    /// <summary>
    /// DEL of every plugin in reverse order, each with the final ADD result as prevResult (0.4.0 and later). A plugin
    /// that fails does not stop the others: what they allocated is released; the first error is thrown at the end.
    /// A netns file that is gone is passed as an empty CNI_NETNS, as the spec allows for DEL.
    /// </summary>
    private async Task RunDelAsync(CniCacheEntry entry, CniNetworkConfigList list, string netnsPath, CancellationToken ct)
    {
        var netns = netnsPath.Length > 0 && _files.FileExists(netnsPath) ? netnsPath : "";
        var attachment = new CniAttachment(entry.ContainerId, netns, entry.InterfaceName, entry.CniArgs);
        var prevResult = CniVersion.HasCheck(list.CniVersion) ? entry.Result : null;
        var capabilities = ParseObject(entry.CapabilityArgs);
        CniPluginException? first = null;
        for (var i = list.Plugins.Count - 1; i >= 0; i--)
        {
            try
            {
                await _invoker.InvokeAsync("DEL", list, list.Plugins[i], attachment, prevResult, capabilities, ct);
            }
            catch (CniPluginException e)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    private static PodNetworkStatus StatusOf(CniResult result, string network, string ifName) => new()
    {
        Addresses = result.PodAddresses(ifName),
        NetworkName = network,
        InterfaceName = ifName,
    };

    private static CriException ToCriException(CniPluginException e, string context)
    {
        var kind = e.TimedOut ? ErrorKind.DeadlineExceeded
            : e.Error?.Code == 11 ? ErrorKind.Unavailable
            : ErrorKind.Internal;
        return new CriException(kind, $"{context}: {e.Message}", e);
    }

    private static void Validate(PodNetworkRequest request)
    {
        if (!RecordStore<CniCacheEntry>.IsValidId(CniResultCache.KeyOf(request.SandboxId, request.InterfaceName)))
        {
            throw CriException.InvalidArgument($"sandbox id \"{request.SandboxId}\" / interface \"{request.InterfaceName}\" cannot name a CNI attachment");
        }
    }

    private static JsonObject ParseObject(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    private static async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> body)
    {
        CriMetrics.CniOperations.WithLabels(operation).Inc();
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await body();
        }
        catch
        {
            CriMetrics.CniOperationErrors.WithLabels(operation).Inc();
            throw;
        }
        finally
        {
            CriMetrics.CniOperationDuration.WithLabels(operation).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<IDisposable> LockAsync(string id, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(id, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Sandbox {SandboxId} attached to network {Network}: ip {Ip}, additional [{Additional}]")]
        public static partial void Added(ILogger logger, string sandboxId, string network, string ip, string additional);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "CNI ADD of sandbox {SandboxId} to network {Network} failed, deleting what was set up: {Error}")]
        public static partial void AddFailed(ILogger logger, string sandboxId, string network, string error);

        [LoggerMessage(EventId = 4013, Level = LogLevel.Error, Message = "CNI DEL after the failed ADD of sandbox {SandboxId} failed too (kept for StopPodSandbox to retry); ADD: {AddError}; DEL: {DelError}")]
        public static partial void UndoFailed(ILogger logger, string sandboxId, string addError, string delError);

        [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Sandbox {SandboxId} detached from network {Network}")]
        public static partial void Deleted(ILogger logger, string sandboxId, string network);

        [LoggerMessage(EventId = 4015, Level = LogLevel.Debug, Message = "Sandbox {SandboxId} has no cached attachment and no network is configured: nothing to delete")]
        public static partial void NothingToDelete(ILogger logger, string sandboxId);
    }
}
