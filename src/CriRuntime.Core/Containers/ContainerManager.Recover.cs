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

            if (!IsLaunched(record))
            {
                await UndoCutOffLaunchAsync(record, cancellationToken);
                Log.Recovered(_logger, record.Id, record.State);
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

        await RemoveOrphansAsync(known, cancellationToken);
    }

    /// <summary>Deletes a container no record names any more from each configured handler's runtime that knows it.</summary>
    private async Task DeleteFromEveryRuntimeAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var handler in _config.Runtime.Handlers.Keys)
        {
            try
            {
                await _runtimes.Get(handler).DeleteAsync(id, force: true, cancellationToken);
            }
            catch (Exception e) when (e is OciRuntimeException or Errors.CriException)
            {
                // A handler whose runtime is not installed holds nothing.
            }
        }
    }

    /// <summary>
    /// A created container has no shim until StartContainer launches one. A StartContainer cut off by the daemon's
    /// death before it recorded the PID may have left a shim, a container in the OCI runtime and their files: they
    /// are removed, so the container is created again, as it was reported, and can be started.
    /// </summary>
    private async Task UndoCutOffLaunchAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        string[] traces = [_paths.ShimSocket(record.Id), _paths.PidFile(record.Id), _paths.ExitFile(record.Id)];
        if (!traces.Any(_files.FileExists))
        {
            return;
        }

        try
        {
            await _runtimes.Get(record.Handler).DeleteAsync(record.Id, force: true, cancellationToken);
        }
        catch (OciRuntimeException e)
        {
            Log.CleanupFailed(_logger, record.Id, e.Message);
        }

        // Its shim writes the exit file of the killed container, then closes its connections.
        await _shims.WaitForShimExitAsync(_paths.ShimSocket(record.Id), cancellationToken);
        foreach (var path in traces)
        {
            TryDelete(path);
        }
    }

    /// <summary>
    /// Removes what a CreateContainer cut off by the daemon's death left before its record was written (the rootfs
    /// mount, the bundle, the writable layer, idmapped mounts): it was never acknowledged, so no client knows it.
    /// Also finishes a RemoveContainer cut off after its reply (<see cref="FinishRemovalAsync"/>): the OCI runtime's
    /// state, asked of every handler since the record that named it is gone.
    /// </summary>
    private async Task RemoveOrphansAsync(HashSet<string> known, CancellationToken cancellationToken)
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
                await DeleteFromEveryRuntimeAsync(id, cancellationToken);

                _rootfs.Unmount(_paths.Rootfs(id));
                if (_rootfs.IsMounted(_paths.Rootfs(id)))
                {
                    throw new IOException($"{_paths.Rootfs(id)} is still mounted");
                }

                ReleaseIdmappedMounts(id);
                _images.Release(id);
                DeleteDirectory(_paths.Bundle(id));
                DeleteDirectory(_paths.WritableLayer(id));
                Log.RemovedOrphan(_logger, id);
            }
            catch (Exception e) when (e is IOException or OciRuntimeException)
            {
                Log.CleanupFailed(_logger, id, e.Message);
            }
        }
    }
}
