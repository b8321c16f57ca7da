using System.Collections.Concurrent;
using CriRuntime.Core.Events;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>Removals replied to and still finishing, by container id, with the container's sandbox.</summary>
    private readonly ConcurrentDictionary<string, (string SandboxId, Task Finished)> _removals = new(StringComparer.Ordinal);

    /// <summary>
    /// RemoveContainer: kills it if it still runs and removes its record (from then on it is neither listed nor
    /// found, and its name is free), then replies; the rest follows after the reply (<see cref="FinishRemovalAsync"/>).
    /// Idempotent.
    /// </summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var entry = _containers.Find(id);
        if (entry is null)
        {
            return;
        }

        using var timer = Time("remove", entry.Record.Handler);
        await entry.WhileLockedAsync(() => RemoveLockedAsync(entry, cancellationToken), cancellationToken);
    }

    internal async Task RemoveLockedAsync(StoreEntry<ContainerRecord> entry, CancellationToken cancellationToken)
    {
        await StopLockedAsync(entry, TimeSpan.Zero, cancellationToken);
        var record = entry.Record;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _removals[record.Id] = (record.SandboxId, finished.Task);
        _containers.Delete(entry);
        _writableUsage.TryRemove(record.Id, out _);
        Publish(record, ContainerEventKind.Deleted);
        Log.Removed(_logger, record.Id);
        var rest = FinishRemovalAsync(record, finished);
        if (record.Mounts.Any(m => m.Image.Length > 0))
        {
            // Its image volumes' images can be removed as soon as it is: their holds go before the reply.
            await rest;
        }
    }

    /// <summary>Waits until what the removals of the sandbox's containers left after their replies is done.</summary>
    internal Task RemovalsOf(string sandboxId) =>
        Task.WhenAll(_removals.Values.Where(r => r.SandboxId == sandboxId).Select(r => r.Finished));

    /// <summary>
    /// After RemoveContainer's reply, what no client sees: the root filesystem's unmount (a synchronize_rcu in the
    /// kernel, tens of milliseconds on a busy host), the image's hold, the bundle, the OCI runtime's delete (a
    /// process), the cgroup and, last, the writable layer, which marks an unfinished removal for the recovery's
    /// orphan pass should the daemon die before. A failure is logged; that pass finishes the job at the next start.
    /// </summary>
    private async Task FinishRemovalAsync(ContainerRecord record, TaskCompletionSource finished)
    {
        await Task.Yield();
        try
        {
            var rootfs = _paths.Rootfs(record.Id);
            _rootfs.Unmount(rootfs);
            if (_rootfs.IsMounted(rootfs))
            {
                throw new IOException($"the root filesystem of container {record.Id} is still mounted at {rootfs}");
            }

            ReleaseIdmappedMounts(record.Id);
            ReleaseMountDirectory(_paths.ImageVolumeDir(record.Id));
            _images.Release(record.Id);
            DeleteDirectory(_paths.Bundle(record.Id));
            TryDelete(_paths.ShimSocket(record.Id));
            var runtime = _runtimes.Get(record.Handler);
            if (IsLaunched(record))
            {
                await runtime.DeleteAsync(record.Id, force: true, CancellationToken.None);
            }

            _cgroups.RemoveIfEmpty(record.CgroupsPath, runtime.SystemdCgroup);
            DeleteDirectory(_paths.WritableLayer(record.Id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OciRuntimeException or Errors.CriException)
        {
            Log.CleanupFailed(_logger, record.Id, e.Message);
        }
        finally
        {
            _removals.TryRemove(record.Id, out _);
            finished.SetResult();
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _files.DeleteFile(path);
        }
        catch (IOException)
        {
        }
    }
}
