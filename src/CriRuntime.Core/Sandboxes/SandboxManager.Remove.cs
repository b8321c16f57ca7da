namespace CriRuntime.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>RemovePodSandbox: stops it, removes every container, and leaves nothing on disk, in mounts or in cgroups. Idempotent.</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var entry = _sandboxes.Find(id);
        if (entry is null)
        {
            return;
        }

        using var timer = Time("remove", entry.Record.Handler);
        await entry.WhileLockedAsync(
            async () =>
            {
                await StopLockedAsync(entry, cancellationToken);
                await _containers.RemoveAllAsync(entry.Record.Id, cancellationToken);
                RemovePodCgroup(entry.Record.CgroupParent, entry.Record.PodCgroupCreated);
                DeleteSandboxDirectory(entry.Record.Id);
                _sandboxes.Delete(entry);
                Log.Removed(_logger, entry.Record.Id);
            },
            cancellationToken);
    }
}
