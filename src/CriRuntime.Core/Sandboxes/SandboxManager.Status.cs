using CriRuntime.Core.Containers;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Sandboxes;

/// <summary>ListPodSandbox filter; empty fields match everything.</summary>
public sealed record SandboxFilter
{
    public string Id { get; init; } = "";

    public SandboxState? State { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public sealed partial class SandboxManager
{
    /// <summary>PodSandboxStatus.</summary>
    public SandboxRecord Status(string id)
    {
        var entry = Require(id);
        using var timer = Time("status", entry.Record.Handler);
        return entry.Record;
    }

    /// <summary>ListPodSandbox, newest first.</summary>
    public IReadOnlyList<SandboxRecord> List(SandboxFilter filter)
    {
        using var timer = Time("list", "");
        return
        [
            .. _sandboxes.List()
                .Select(e => e.Record)
                .Where(r => (filter.Id.Length == 0 || r.Id.StartsWith(filter.Id, StringComparison.Ordinal))
                    && (filter.State is not { } state || r.State == state)
                    && ContainerManager.MatchesLabels(r.Labels, filter.Labels))
                .OrderByDescending(r => r.CreatedAt),
        ];
    }

    public IReadOnlyDictionary<SandboxState, int> CountByState() =>
        _sandboxes.List().GroupBy(e => e.Record.State).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// Start-up: loads the records; a ready sandbox whose pinned namespaces are gone (the state dir is volatile:
    /// a reboot), or whose RunPodSandbox was cut off by the daemon's death (never acknowledged, maybe without its
    /// network), is not ready any more: kubelet stops and removes it as any dead pod.
    /// </summary>
    public void Recover()
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in _sandboxes.Load((id, e) => Log.CorruptRecord(_logger, id, e)))
        {
            var record = entry.Record;
            known.Add(record.Id);
            if (record.State == SandboxState.Ready && (record.Creating || record.PinnedNamespaces.Values.Any(p => !_host.IsMounted(p))))
            {
                _sandboxes.Update(entry, r => r with { State = SandboxState.NotReady });
            }

            Log.Recovered(_logger, record.Id, entry.Record.State);
        }

        RemoveOrphans(known);
    }

    /// <summary>
    /// Removes what a RunPodSandbox cut off by the daemon's death left before its record was written (pinned
    /// namespaces, the /dev/shm tmpfs, the pod's files): it was never acknowledged, so no client knows it.
    /// </summary>
    private void RemoveOrphans(HashSet<string> known)
    {
        var parent = Path.GetDirectoryName(_paths.SandboxDir("orphan"))!;
        if (!_files.DirectoryExists(parent))
        {
            return;
        }

        foreach (var id in _files.EnumerateDirectories(parent).Select(Path.GetFileName).OfType<string>().Where(id => !known.Contains(id)).ToList())
        {
            try
            {
                var nsDir = _paths.NamespaceDir(id);
                _host.UnpinNamespaces(PinnedNamespaceFiles(nsDir));
                _host.Unmount(_paths.ShmDir(id));
                DeleteSandboxDirectory(id);
                Log.RemovedOrphan(_logger, id);
            }
            catch (IOException e)
            {
                Log.UndoFailed(_logger, id, e.Message);
            }
        }
    }
}
