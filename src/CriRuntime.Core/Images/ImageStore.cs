using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Images;

/// <summary>
/// The images on the node, indexed by id, repo tag and repo digest, persisted one record per image.
/// A repo tag belongs to one image at a time: committing a pull of a moved tag re-points it and leaves the old
/// image present, without that tag, until it is removed.
/// </summary>
public sealed class ImageStore
{
    private readonly RecordStore<ImageRecord> _records;
    private readonly Lock _lock = new();
    private Dictionary<string, ImageRecord> _byId = new(StringComparer.Ordinal);

    public ImageStore(string metadataDirectory, IHostFiles files, TimeProvider time)
    {
        _records = new RecordStore<ImageRecord>(metadataDirectory, ImageJsonContext.Default.ImageRecord, files, time);
    }

    /// <summary>Loads the records; call once at start-up.</summary>
    public void Load(Action<string, Exception>? onCorrupt = null)
    {
        var loaded = _records.LoadAll(onCorrupt);
        var byId = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var (_, record) in loaded)
        {
            if (Digest.TryParse(record.Id, out _))
            {
                byId[record.Id] = record;
            }
        }

        lock (_lock)
        {
            _byId = byId;
        }
    }

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock)
        {
            return [.. _byId.Values];
        }
    }

    public ImageRecord? Get(string id)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Finds an image by what a CRI caller may name it with: its id (with or without <c>sha256:</c>), a repo tag or
    /// repo digest in any form Docker would normalise (<c>busybox</c>, <c>busybox:1.36</c>, <c>busybox@sha256:…</c>),
    /// or a unique prefix of at least 6 hex digits of its id.
    /// </summary>
    public ImageRecord? Resolve(string nameOrId)
    {
        if (string.IsNullOrEmpty(nameOrId))
        {
            return null;
        }

        lock (_lock)
        {
            if (ImageReference.LooksLikeId(nameOrId))
            {
                var id = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId : "sha256:" + nameOrId;
                if (_byId.TryGetValue(id, out var byId))
                {
                    return byId;
                }
            }

            if (ImageReference.TryParse(nameOrId, out var reference, out _))
            {
                if (reference.Digest is { } digest)
                {
                    var repoDigest = $"{reference.Repository}@{digest}";
                    var match = _byId.Values.FirstOrDefault(i => i.RepoDigests.Contains(repoDigest, StringComparer.Ordinal))
                        ?? _byId.Values.FirstOrDefault(i => i.ManifestDigest == digest.ToString()
                            && i.RepoDigests.Any(d => d.StartsWith(reference.Repository + "@", StringComparison.Ordinal)));
                    if (match is not null)
                    {
                        return match;
                    }
                }
                else if (reference.RepoTag is { } tag)
                {
                    var match = _byId.Values.FirstOrDefault(i => i.RepoTags.Contains(tag, StringComparer.Ordinal));
                    if (match is not null)
                    {
                        return match;
                    }
                }
            }

            var hex = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId[7..] : nameOrId;
            if (hex.Length is >= 6 and < 64 && Digest.IsLowerHex(hex))
            {
                var candidates = _byId.Values.Where(i => i.Id.AsSpan(7).StartsWith(hex, StringComparison.Ordinal)).Take(2).ToList();
                if (candidates.Count == 1)
                {
                    return candidates[0];
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Records a pulled image: merged with the existing record of the same id, the tag taken from whichever image
    /// had it, the repo digest added. Returns the stored record.
    /// </summary>
    public ImageRecord Commit(ImageRecord pulled, string? repoTag, string? repoDigest)
    {
        lock (_lock)
        {
            var existing = _byId.GetValueOrDefault(pulled.Id);
            var tags = new List<string>(existing?.RepoTags ?? []);
            var digests = new List<string>(existing?.RepoDigests ?? []);
            var indexes = new List<string>(existing?.IndexDigests ?? []);
            if (repoTag is not null && !tags.Contains(repoTag, StringComparer.Ordinal))
            {
                tags.Add(repoTag);
            }

            if (repoDigest is not null && !digests.Contains(repoDigest, StringComparer.Ordinal))
            {
                digests.Add(repoDigest);
            }

            foreach (var index in pulled.IndexDigests)
            {
                if (!indexes.Contains(index, StringComparer.Ordinal))
                {
                    indexes.Add(index);
                }
            }

            var record = pulled with
            {
                RepoTags = tags,
                RepoDigests = digests,
                IndexDigests = indexes,
                Pinned = pulled.Pinned || existing?.Pinned == true,
            };

            if (repoTag is not null)
            {
                foreach (var other in _byId.Values.Where(i => i.Id != record.Id && i.RepoTags.Contains(repoTag, StringComparer.Ordinal)).ToList())
                {
                    var untagged = other with { RepoTags = [.. other.RepoTags.Where(t => t != repoTag)] };
                    _records.Put(IdOf(untagged), untagged);
                    _byId[untagged.Id] = untagged;
                }
            }

            _records.Put(IdOf(record), record);
            _byId[record.Id] = record;
            return record;
        }
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            if (!_byId.Remove(id, out var record))
            {
                return false;
            }

            _records.Delete(IdOf(record));
            return true;
        }
    }

    private static string IdOf(ImageRecord record) => Digest.Parse(record.Id).Encoded;
}
