using CriRuntime.Core.Configuration;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Runtime;

/// <summary>
/// The readiness of each configured runtime handler: probed at start-up, and again whenever its binary changes (another
/// path on PATH, another size or modification time: a package upgrade), so a handler whose runtime refuses this host
/// (Debian's crun on cgroup v1 hybrid hosts) is reported with its reason and refused up front instead of failing
/// every CreateContainer.
/// </summary>
public sealed class HandlerReadiness(DaemonConfig config, IHandlerProbe probe, IHostFiles files)
{
    /// <summary>The reason of a handler whose binary cannot run a container here.</summary>
    public const string NotReadyReason = "RuntimeHandlerCannotRunContainers";

    private readonly Dictionary<string, (BinaryStamp Stamp, HandlerProbeResult Result)> _probed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Every configured handler's readiness, by name, re-probing those whose binary changed.</summary>
    public async Task<IReadOnlyDictionary<string, HandlerProbeResult>> CheckAllAsync(CancellationToken cancellationToken)
    {
        var results = new SortedDictionary<string, HandlerProbeResult>(StringComparer.Ordinal);
        foreach (var handler in config.Runtime.Handlers.Keys)
        {
            results[handler] = await CheckAsync(handler, cancellationToken);
        }

        return results;
    }

    /// <summary>One handler's readiness (the default one for ""); an unconfigured handler is not ready.</summary>
    public async Task<HandlerProbeResult> CheckAsync(string handler, CancellationToken cancellationToken)
    {
        if (handler.Length == 0)
        {
            handler = config.Runtime.DefaultHandler;
        }

        if (!config.Runtime.Handlers.TryGetValue(handler, out var handlerConfig))
        {
            return new HandlerProbeResult(false, $"runtime handler \"{handler}\" is not configured");
        }

        var binary = ExecutableLookup.Find(handlerConfig.Path, files);
        if (binary is null)
        {
            return new HandlerProbeResult(false, $"OCI runtime \"{handlerConfig.Path}\" not found");
        }

        var stamp = BinaryStamp.Of(binary, files);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_probed.TryGetValue(handler, out var known) && known.Stamp == stamp)
            {
                return known.Result;
            }

            var result = await probe.ProbeAsync(handler, binary, cancellationToken);
            _probed[handler] = (stamp, result);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>FailedPrecondition naming the reason when the handler cannot run containers here (RunPodSandbox).</summary>
    public async Task EnsureReadyAsync(string handler, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(handler, cancellationToken);
        if (!result.Ready)
        {
            throw CriException.FailedPrecondition($"runtime handler \"{(handler.Length > 0 ? handler : config.Runtime.DefaultHandler)}\" cannot run containers on this host: {result.Reason}");
        }
    }

    private readonly record struct BinaryStamp(string Path, long Size, DateTime Modified)
    {
        public static BinaryStamp Of(string path, IHostFiles files)
        {
            var info = files.Inspect(path);
            return info.IsFile ? new BinaryStamp(path, info.Length, info.LastWriteUtc) : new BinaryStamp(path, -1, default);
        }
    }
}
