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
        foreach (var entry in _containers.Load((id, e) => Log.CorruptRecord(_logger, id, e)))
        {
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
                            FinishedAt = Clock.NowNanos(),
                            Reason = "Error",
                            Message = "the shim exited without recording the exit status",
                        });
                    }
                }
            }

            Log.Recovered(_logger, record.Id, entry.Record.State);
        }
    }
}
