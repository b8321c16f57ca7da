using System.Collections.Concurrent;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;
using CriRuntime.ShimContract.Exit;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>What a container whose shim vanished is reported with (as containerd does, its exit code is SIGKILL's).</summary>
    public const string ShimLostReason = "ShimLost";

    /// <summary>Set by <see cref="WatchShims"/>: from then on every shim is watched until this is cancelled.</summary>
    private CancellationToken? _shimWatch;

    /// <summary>
    /// One per watched shim, completed when its exit file appears or the shim is gone. Until then the container
    /// cannot have exited (the shim writes the exit file before anything else at the exit), so
    /// <see cref="Refresh"/> answers from the record without reading the file, and a stop awaits this instead of
    /// polling.
    /// </summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _shimEnds = new(StringComparer.Ordinal);

    /// <summary>
    /// Watches every live container's shim from now on (called by the daemon once recovery is done): a shim that goes
    /// away without recording its container's exit (SIGKILL, a crash) is noticed at once, its container killed and
    /// recorded exited with <see cref="ShimExit.NoExitFileCode"/> (137) and reason <see cref="ShimLostReason"/>, and the stopped event published.
    /// </summary>
    public void WatchShims(CancellationToken stopping)
    {
        _shimWatch = stopping;
        foreach (var entry in _containers.List())
        {
            if (entry.Record.State is (ContainerState.Created or ContainerState.Running) && IsLaunched(entry.Record))
            {
                StartShimWatch(entry.Record.Id);
            }
        }
    }

    private void StartShimWatch(string id)
    {
        if (_shimWatch is { } stopping)
        {
            _shimEnds[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = WatchShimAsync(id, stopping);
        }
    }

    /// <summary>
    /// The container's shim wrote its exit file (the daemon's inotify watch saw it) or is gone: its state is read
    /// from the file again, and a stop waiting for it goes on.
    /// </summary>
    public void ExitFileWritten(string id)
    {
        if (_shimEnds.TryRemove(id, out var end))
        {
            end.TrySetResult();
        }
    }

    /// <summary>True while a watched shim has not reported the container's exit: the record is current.</summary>
    private bool ShimRuns(string id) => _shimEnds.TryGetValue(id, out var end) && !end.Task.IsCompleted;

    /// <summary>Waits until the shim closes its control connection, then settles the container's state.</summary>
    private async Task WatchShimAsync(string id, CancellationToken stopping)
    {
        try
        {
            CriMetrics.Shims.Inc();
            try
            {
                await _shims.WaitForShimExitAsync(_paths.ShimSocket(id), stopping);
            }
            finally
            {
                CriMetrics.Shims.Dec();
                ExitFileWritten(id);
            }

            if (_containers.Find(id) is { } entry)
            {
                await entry.WhileLockedAsync(() => ShimGoneLockedAsync(entry, stopping), stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or CriException or OciRuntimeException)
        {
            Log.CleanupFailed(_logger, id, e.Message);
        }
    }

    /// <summary>
    /// The shim is gone. It writes the exit file before it closes its connections, so a container still live in
    /// the record lost its shim: nobody reads its output or reaps it any more, so it is killed, as containerd
    /// kills the task of a dead shim.
    /// </summary>
    private async Task ShimGoneLockedAsync(StoreEntry<ContainerRecord> entry, CancellationToken cancellationToken)
    {
        var record = Refresh(entry);
        if (record.State is not (ContainerState.Created or ContainerState.Running))
        {
            return;
        }

        try
        {
            await _runtimes.Get(record.Handler).KillAsync(record.Id, Signals.SigKill, all: true, cancellationToken);
        }
        catch (Exception e) when (e is OciRuntimeException or CriException)
        {
            Log.CleanupFailed(_logger, record.Id, e.Message);
        }

        Log.ShimLost(_logger, record.Id);
        CriMetrics.ShimsLost.Inc();
        _containers.Update(entry, r => r.State is ContainerState.Created or ContainerState.Running
            ? r with
            {
                State = ContainerState.Exited,
                ExitCode = ShimExit.NoExitFileCode,
                FinishedAt = Clock.NowNanos(_time),
                Reason = ShimLostReason,
                Message = "the container's shim (criruntime-shim) exited without recording the exit status; the container was killed",
            }
            : r);
    }
}
