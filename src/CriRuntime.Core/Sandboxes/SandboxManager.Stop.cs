using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// StopPodSandbox: kills every container, tears the network down, unpins the namespaces and unmounts /dev/shm.
    /// Idempotent, also for an unknown id; containers stay (exited) until they or the sandbox are removed.
    /// </summary>
    public async Task StopAsync(string id, CancellationToken cancellationToken)
    {
        if (_sandboxes.Find(id) is not { } entry)
        {
            return;
        }

        using var timer = Time("stop", entry.Record.Handler);
        await entry.WhileLockedAsync(() => StopLockedAsync(entry, cancellationToken), cancellationToken);
    }

    private async Task StopLockedAsync(StoreEntry<SandboxRecord> entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        await _containers.StopAllAsync(record.Id, cancellationToken);
        // A sandbox cut off in RunPodSandbox may hold part of its network (an IP, a veth) although not ready.
        if (record.PinnedNamespaces.TryGetValue(NamespaceTypes.Network, out var netns) && (record.State == SandboxState.Ready || record.Creating))
        {
            await _network.TearDownAsync(NetworkRequest(record, netns), cancellationToken);
        }

        _host.UnpinNamespaces(record.PinnedNamespaces.Values);
        if (record.ShmPath is not null)
        {
            _host.Unmount(record.ShmPath);
        }

        if (record.State != SandboxState.NotReady || record.Creating)
        {
            _sandboxes.Update(entry, r => r with { State = SandboxState.NotReady, InfraPid = 0, Creating = false });
            Log.Stopped(_logger, record.Id);
        }
    }
}
