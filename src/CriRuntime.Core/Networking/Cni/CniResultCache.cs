using System.Text.Json.Serialization;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// What one attachment needs to be deleted exactly as it was added, even after a restart or a config change:
/// the list as it was at ADD, the CNI_ARGS and capability arguments, and the final ADD result (null while the ADD
/// is in flight or when it failed before any result).
/// </summary>
public sealed record CniCacheEntry
{
    public const string CurrentKind = "criruntime.cni.attachment/v1";

    public string Kind { get; init; } = CurrentKind;

    public required string ContainerId { get; init; }

    public required string InterfaceName { get; init; }

    public required string NetnsPath { get; init; }

    public required string NetworkName { get; init; }

    /// <summary>The network configuration list, as JSON text.</summary>
    public required string Config { get; init; }

    public required string CniArgs { get; init; }

    /// <summary>Every capability argument of the pod, as a JSON object's text.</summary>
    public required string CapabilityArgs { get; init; }

    /// <summary>The final ADD result as JSON text; null until the ADD completed.</summary>
    public string? Result { get; init; }

    public DateTimeOffset Created { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CniCacheEntry))]
internal sealed partial class CniCacheJson : JsonSerializerContext;

/// <summary>
/// The on-disk cache of attachments under the persistent root (<c>&lt;root&gt;/cni/results/&lt;id&gt;-&lt;ifname&gt;.json</c>),
/// written atomically. An entry is written before the first plugin runs, so even a daemon killed half-way
/// through an ADD leaves what the DEL needs.
/// </summary>
public sealed class CniResultCache(string directory, IHostFiles files, TimeProvider time)
{
    private readonly RecordStore<CniCacheEntry> _store = new(directory, CniCacheJson.Default.CniCacheEntry, files, time);

    public string Directory => _store.Directory;

    public static string KeyOf(string containerId, string ifName) => $"{containerId}-{ifName}";

    /// <summary>Deletes what writes cut off by the daemon's death left (their temporary files); at start-up only.</summary>
    public void RemoveLeftovers() => _store.RemoveTemporaryFiles();

    public CniCacheEntry? Read(string containerId, string ifName)
    {
        var key = KeyOf(containerId, ifName);
        if (!RecordStore<CniCacheEntry>.IsValidId(key))
        {
            return null;
        }

        try
        {
            return _store.Read(key) is { Kind: CniCacheEntry.CurrentKind } entry ? entry : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Write(CniCacheEntry entry) => _store.Put(KeyOf(entry.ContainerId, entry.InterfaceName), entry);

    public bool Delete(string containerId, string ifName) => _store.Delete(KeyOf(containerId, ifName));

    public IEnumerable<string> Keys => _store.LoadAll().Keys;
}
