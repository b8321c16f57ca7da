using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>StartContainer: <c>runtime start</c> of a created container.</summary>
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
            try
            {
                await runtime.StartAsync(record.Id, cancellationToken);
            }
            catch (OciRuntimeException e)
            {
                _containers.Update(entry, r => r with
                {
                    State = ContainerState.Exited,
                    ExitCode = 128,
                    Reason = "StartError",
                    Message = e.Message,
                    FinishedAt = Clock.NowNanos(_time),
                });
                throw new CriException(ErrorKind.Internal, $"starting container {record.Id}: {e.Message}", e);
            }

            _containers.Update(entry, r => r.State == ContainerState.Created ? r with { State = ContainerState.Running, StartedAt = startedAt } : r);
            Refresh(entry);
            Log.Started(_logger, record.Id);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private static void ThrowIfDeleted(StoreEntry<ContainerRecord> entry, string id)
    {
        if (entry.Deleted)
        {
            throw CriException.NotFound($"container \"{id}\" not found");
        }
    }
}
