using CriRuntime.Core.Stores;
using CriRuntime.ShimContract.Exit;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>How long a container may take to die after SIGKILL before the runtime is asked directly.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// StopContainer: the image's stop signal (or SIGTERM), then SIGKILL once <paramref name="timeout"/> has passed.
    /// Idempotent: a stopped or unknown container is fine (kubelet retries stops after restarts and races).
    /// A container that was created and never started stays CONTAINER_CREATED and can still be started, as with
    /// containerd (its stop acts only on running containers); StopPodSandbox and RemoveContainer still kill it.
    /// </summary>
    public async Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_containers.Find(id) is not { } entry)
        {
            return;
        }

        using var timer = Time("stop", entry.Record.Handler);
        await entry.WhileLockedAsync(
            () => Refresh(entry).State == ContainerState.Created ? Task.CompletedTask : StopLockedAsync(entry, timeout, cancellationToken),
            cancellationToken);
    }

    internal async Task StopLockedAsync(StoreEntry<ContainerRecord> entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var record = Refresh(entry);
        if (record.State is ContainerState.Exited || !IsLaunched(record))
        {
            // Never started, it has no process and the OCI runtime does not know it: it stays created.
            return;
        }

        var runtime = _runtimes.Get(record.Handler);
        if (record.State == ContainerState.Running && timeout > TimeSpan.Zero)
        {
            var signal = Signals.Parse(record.StopSignal) ?? Signals.SigTerm;
            await runtime.KillAsync(record.Id, signal, all: false, cancellationToken);
            if (await WaitForExitAsync(entry, timeout, cancellationToken))
            {
                Log.Stopped(_logger, record.Id, entry.Record.ExitCode);
                return;
            }
        }

        await runtime.KillAsync(record.Id, Signals.SigKill, all: true, cancellationToken);
        if (!await WaitForExitAsync(entry, KillGrace, cancellationToken))
        {
            Log.KillTimedOut(_logger, record.Id, KillGrace.TotalSeconds);
        }

        // A shim that died without an exit file leaves the state to the runtime.
        if (entry.Record.State is ContainerState.Created or ContainerState.Running)
        {
            var state = await runtime.StateAsync(record.Id, cancellationToken);
            if (state is null || state.Status == "stopped")
            {
                _containers.Update(entry, r => r with
                {
                    State = ContainerState.Exited,
                    ExitCode = ShimExit.NoExitFileCode,
                    FinishedAt = Clock.NowNanos(_time),
                    Reason = "Error",
                    Message = "killed; the shim recorded no exit status",
                });
            }
        }

        Log.Stopped(_logger, record.Id, entry.Record.ExitCode);
    }

    private async Task<bool> WaitForExitAsync(StoreEntry<ContainerRecord> entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_shimEnds.TryGetValue(entry.Record.Id, out var end))
        {
            // The shim's end (or its exit file) says when: no polling.
            try
            {
                await end.Task.WaitAsync(timeout, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }

            return Refresh(entry).State == ContainerState.Exited;
        }

        // A shim not watched (before the daemon's recovery is done, or in a host without shims): its exit file is read.
        var deadline = _time.GetUtcNow() + timeout;
        // Most containers die within milliseconds of the signal: poll fast first, then back off to the usual interval.
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            if (Refresh(entry).State == ContainerState.Exited)
            {
                return true;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = delay * 2 < ExitPollInterval ? delay * 2 : ExitPollInterval;
        }
    }
}
