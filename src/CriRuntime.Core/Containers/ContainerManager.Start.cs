using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// StartContainer: launches the shim, which has the OCI runtime create the container, then <c>runtime start</c>
    /// (containerd's StartContainer likewise creates the task and starts it). A failed create or start leaves the
    /// container exited with reason StartError and the runtime's message, as containerd reports it.
    /// </summary>
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        var entry = Require(id);
        using var timer = Time("start", entry.Record.Handler);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDeleted(entry, id);
            var record = Refresh(entry);
            if (record.State != ContainerState.Created)
            {
                throw CriException.FailedPrecondition($"container {record.Id} is {record.State.ToString().ToLowerInvariant()}, not created");
            }

            var runtime = _runtimes.Get(record.Handler);
            var startedAt = Clock.NowNanos(_time);
            var pid = record.Pid;
            if (!IsLaunched(record))
            {
                var undo = new UndoStack(e => Log.UndoFailed(_logger, id, e));
                try
                {
                    pid = await LaunchAsync(entry, runtime, undo, cancellationToken);
                }
                catch (CriException e)
                {
                    await undo.UndoAsync();
                    throw StartFailed(entry, 0, e.Kind, e.Message, e);
                }
                catch
                {
                    // Cut off (cancelled): the container stays created and can be started again.
                    await undo.UndoAsync();
                    throw;
                }
            }

            try
            {
                await runtime.StartAsync(record.Id, cancellationToken);
            }
            catch (OciRuntimeException e)
            {
                throw StartFailed(entry, pid, ErrorKind.Internal, $"starting container {record.Id}: {e.Message}", e);
            }

            // The PID is recorded with the state: a daemon that dies before has the launch undone at its recovery.
            _containers.Update(entry, r => r.State == ContainerState.Created ? r with { State = ContainerState.Running, StartedAt = startedAt, Pid = pid } : r with { Pid = pid });
            Refresh(entry);
            Log.Started(_logger, record.Id);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Records the container exited with reason StartError; returns the error for the caller.</summary>
    private CriException StartFailed(StoreEntry<ContainerRecord> entry, int pid, ErrorKind kind, string message, Exception cause)
    {
        _containers.Update(entry, r => r with
        {
            Pid = pid,
            State = ContainerState.Exited,
            ExitCode = 128,
            Reason = "StartError",
            Message = message,
            FinishedAt = Clock.NowNanos(_time),
        });
        return new CriException(kind, message, cause);
    }

    private static void ThrowIfDeleted(StoreEntry<ContainerRecord> entry, string id)
    {
        if (entry.Deleted)
        {
            throw CriException.NotFound($"container \"{id}\" not found");
        }
    }
}
