using CriRuntime.Core.Events;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>RemoveContainer: kills it if it still runs, deletes it from the runtime and removes every trace but the log. Idempotent.</summary>
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
        var runtime = _runtimes.Get(record.Handler);
        await runtime.DeleteAsync(record.Id, force: true, cancellationToken);
        var rootfs = _paths.Rootfs(record.Id);
        _rootfs.Unmount(rootfs);
        if (_rootfs.IsMounted(rootfs))
        {
            throw new IOException($"the root filesystem of container {record.Id} is still mounted at {rootfs}");
        }

        ReleaseIdmappedMounts(record.Id);
        ReleaseMountDirectory(_paths.ImageVolumeDir(record.Id));
        DeleteDirectory(_paths.Bundle(record.Id));
        DeleteDirectory(_paths.WritableLayer(record.Id));
        TryDelete(_paths.ShimSocket(record.Id));
        try
        {
            _cgroups.RemoveIfEmpty(record.CgroupsPath, runtime.SystemdCgroup);
        }
        catch (IOException e)
        {
            Log.CleanupFailed(_logger, record.Id, e.Message);
        }

        _images.Release(record.Id);
        _containers.Delete(entry);
        Publish(record, ContainerEventKind.Deleted);
        _writableUsage.TryRemove(record.Id, out _);
        Log.Removed(_logger, record.Id);
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
