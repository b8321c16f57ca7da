using CriRuntime.Core.Stores;
using CriRuntime.ShimContract.Exit;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Start-up: loads the records and reconciles each live one with its shim (exit file, control socket) and the
    /// OCI runtime. Containers that exited while the daemon was down get their exit status; running ones keep running.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in _containers.Load((id, e) => Log.CorruptRecord(_logger, id, e)))
        {
            known.Add(entry.Record.Id);
            var record = Refresh(entry);
            if (record.State is not (ContainerState.Created or ContainerState.Running))
            {
                continue;
            }

            if (!await _shims.IsAliveAsync(_paths.ShimSocket(record.Id), cancellationToken))
            {
                // The shim may have written the exit file just now.
                record = Refresh(entry);
                if (record.State is ContainerState.Created or ContainerState.Running)
                {
                    OciState? state = null;
                    try
                    {
                        state = await _runtimes.Get(record.Handler).StateAsync(record.Id, cancellationToken);
                    }
                    catch (OciRuntimeException)
                    {
                    }

                    if (state is null || state.Status == "stopped")
                    {
                        _containers.Update(entry, r => r with
                        {
                            State = ContainerState.Exited,
                            ExitCode = ShimExit.NoExitFileCode,
                            FinishedAt = Clock.NowNanos(_time),
                            Reason = "Error",
                            Message = "the shim exited without recording the exit status",
                        });
                    }
                }
            }

            Log.Recovered(_logger, record.Id, entry.Record.State);
        }

        RemoveOrphans(known);
    }

    /// <summary>
    /// Removes what a CreateContainer cut off by the daemon's death left before its record was written (the rootfs
    /// mount, the bundle, the writable layer, idmapped mounts): it was never acknowledged, so no client knows it.
    /// </summary>
    private void RemoveOrphans(HashSet<string> known)
    {
        var orphans = new[] { _paths.Bundle("orphan"), _paths.WritableLayer("orphan"), _paths.IdmapDir("orphan") }
            .Select(p => Path.GetDirectoryName(p)!)
            .Where(_files.DirectoryExists)
            .SelectMany(_files.EnumerateDirectories)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(id => !known.Contains(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var id in orphans)
        {
            try
            {
                _rootfs.Unmount(_paths.Rootfs(id));
                if (_rootfs.IsMounted(_paths.Rootfs(id)))
                {
                    throw new IOException($"{_paths.Rootfs(id)} is still mounted");
                }

                ReleaseIdmappedMounts(id);
                DeleteDirectory(_paths.Bundle(id));
                DeleteDirectory(_paths.WritableLayer(id));
                Log.RemovedOrphan(_logger, id);
            }
            catch (IOException e)
            {
                Log.CleanupFailed(_logger, id, e.Message);
            }
        }
    }
}
