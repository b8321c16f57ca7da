using CriRuntime.Core.Events;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Publishes started and stopped events from state changes of container records, whichever path made them (start,
    /// stop, an exit noticed by a status refresh, recovery). Runs under the record's write lock, so in order.
    /// </summary>
    private void OnRecordUpdated(ContainerRecord before, ContainerRecord after)
    {
        if (before.State == after.State)
        {
            return;
        }

        if (after.State == ContainerState.Running)
        {
            Publish(after, ContainerEventKind.Started);
        }
        else if (after.State == ContainerState.Exited)
        {
            Publish(after, ContainerEventKind.Stopped);
        }
    }

    /// <summary>Containers a pod's infrastructure runs on (pause) are no CRI containers: no events for them.</summary>
    private void Publish(ContainerRecord record, ContainerEventKind kind)
    {
        if (!record.IsInfra)
        {
            _events.Publish(new ContainerEvent(record.Id, record.SandboxId, kind, Clock.NowNanos(_time)));
        }
    }
}
