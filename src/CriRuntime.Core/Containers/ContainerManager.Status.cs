namespace CriRuntime.Core.Containers;

/// <summary>ListContainers filter; empty fields match everything.</summary>
public sealed record ContainerFilter
{
    public string Id { get; init; } = "";

    public ContainerState? State { get; init; }

    public string SandboxId { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public sealed partial class ContainerManager
{
    /// <summary>ContainerStatus: the record, brought up to date.</summary>
    public ContainerRecord Status(string id)
    {
        var entry = Require(id);
        using var timer = Time("status", entry.Record.Handler);
        return Refresh(entry);
    }

    /// <summary>ListContainers: CRI containers (never infra processes), filtered.</summary>
    public IReadOnlyList<ContainerRecord> List(ContainerFilter filter)
    {
        var result = new List<ContainerRecord>();
        foreach (var entry in _containers.List())
        {
            var record = Refresh(entry);
            if (record.IsInfra
                || (filter.Id.Length > 0 && !record.Id.StartsWith(filter.Id, StringComparison.Ordinal))
                || (filter.State is { } state && record.State != state)
                || (filter.SandboxId.Length > 0 && !record.SandboxId.StartsWith(filter.SandboxId, StringComparison.Ordinal))
                || !MatchesLabels(record.Labels, filter.Labels))
            {
                continue;
            }

            result.Add(record);
        }

        result.Sort((a, b) => b.CreatedAt.CompareTo(a.CreatedAt));
        return result;
    }

    /// <summary>Counts by state, for the metrics.</summary>
    public IReadOnlyDictionary<ContainerState, int> CountByState() =>
        _containers.List().Where(e => !e.Record.IsInfra).GroupBy(e => e.Record.State).ToDictionary(g => g.Key, g => g.Count());

    public static bool MatchesLabels(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    /// <summary>The spec the container was created with (its bundle's config.json), or null when the bundle is gone.</summary>
    public string? ReadSpecJson(string id)
    {
        var path = Path.Combine(_paths.Bundle(Require(id).Record.Id), "config.json");
        return _files.FileExists(path) ? _files.ReadAllText(path) : null;
    }
}
