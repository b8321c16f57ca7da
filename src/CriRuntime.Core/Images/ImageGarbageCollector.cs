using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Images;

/// <summary>
/// Deletes the blobs and snapshots that nothing references: not an image, not a lease held by a container, not a
/// pull under way (which holds a temporary lease taken before it checks what already exists). The live set is
/// computed and the deletions made under one lock, the same one that guards taking leases.
/// </summary>
public sealed partial class ImageGarbageCollector
{
    private readonly ImageStore _images;
    private readonly ContentStore _content;
    private readonly ISnapshotStore _snapshots;
    private readonly RecordStore<SnapshotLease> _leaseRecords;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SnapshotLease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<long, TemporaryHold> _temporary = [];
    private long _nextTemporary;

    public ImageGarbageCollector(ImageStore images, ContentStore content, ISnapshotStore snapshots, string leaseDirectory, ILogger logger, IHostFiles files, TimeProvider time)
    {
        _images = images;
        _content = content;
        _snapshots = snapshots;
        _logger = logger;
        _leaseRecords = new RecordStore<SnapshotLease>(leaseDirectory, ImageJsonContext.Default.SnapshotLease, files, time);
        _time = time;
    }

    public void LoadLeases()
    {
        var loaded = _leaseRecords.LoadAll();
        lock (_lock)
        {
            _leases.Clear();
            foreach (var (_, lease) in loaded)
            {
                _leases[lease.Holder] = lease;
            }
        }
    }

    public IReadOnlyCollection<SnapshotLease> Leases
    {
        get
        {
            lock (_lock)
            {
                return [.. _leases.Values];
            }
        }
    }

    /// <summary>The holder name of a container's image volume <paramref name="index"/>: released with the container's own hold.</summary>
    public static string VolumeHolder(string containerId, int index) =>
        $"{containerId}{VolumeSeparator}{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private const string VolumeSeparator = ".volume-";

    /// <summary>
    /// A persistent hold on an image's snapshots for <paramref name="holder"/> (a container id, or
    /// <see cref="VolumeHolder"/> with <paramref name="volume"/> for an image volume).
    /// </summary>
    public SnapshotLease Hold(string holder, ImageRecord image, bool volume = false)
    {
        var lease = new SnapshotLease
        {
            Holder = holder,
            ImageId = image.Id,
            ChainIds = [.. image.ChainIds],
            CreatedAt = _time.GetUtcNow(),
            Volume = volume,
        };
        lock (_lock)
        {
            if (!_snapshots.Exists(lease.ChainIds.LastOrDefault() ?? "") && lease.ChainIds.Count > 0)
            {
                throw new Errors.CriException(Errors.ErrorKind.NotFound, $"snapshots of image {image.Id} are gone; pull it again");
            }

            _leaseRecords.Put(holder, lease);
            _leases[holder] = lease;
        }

        return lease;
    }

    /// <summary>
    /// Drops a container's hold and those of its image volumes; false if there was none. Call Collect afterwards to
    /// reclaim space.
    /// </summary>
    public bool Release(string holder)
    {
        lock (_lock)
        {
            var released = _leases.Keys.Where(k => k == holder || k.StartsWith(holder + VolumeSeparator, StringComparison.Ordinal)).ToList();
            foreach (var key in released)
            {
                _leases.Remove(key);
                _leaseRecords.Delete(key);
            }

            return released.Count > 0;
        }
    }

    /// <summary>The containers that mount <paramref name="imageId"/> as an image volume.</summary>
    public IReadOnlyList<string> VolumeUsers(string imageId)
    {
        lock (_lock)
        {
            return [.. _leases.Values
                .Where(l => l.Volume && l.ImageId == imageId)
                .Select(l => l.Holder.Split(VolumeSeparator, 2)[0])
                .Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>An in-memory hold for the duration of a pull.</summary>
    public IDisposable HoldTemporarily(IEnumerable<string> chainIds, IEnumerable<string> digests)
    {
        lock (_lock)
        {
            var id = ++_nextTemporary;
            var hold = new TemporaryHold(this, id, [.. chainIds], [.. digests]);
            _temporary[id] = hold;
            return hold;
        }
    }

    /// <summary>Deletes what is unreferenced; returns how many blobs and snapshots went.</summary>
    public (int Blobs, int Snapshots) Collect()
    {
        lock (_lock)
        {
            var liveSnapshots = new HashSet<string>(StringComparer.Ordinal);
            var liveBlobs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var image in _images.List())
            {
                liveSnapshots.UnionWith(image.ChainIds);
                liveBlobs.Add(image.Id);
                liveBlobs.Add(image.ManifestDigest);
                liveBlobs.UnionWith(image.IndexDigests);
            }

            foreach (var lease in _leases.Values)
            {
                liveSnapshots.UnionWith(lease.ChainIds);
            }

            foreach (var hold in _temporary.Values)
            {
                liveSnapshots.UnionWith(hold.ChainIds);
                liveBlobs.UnionWith(hold.Digests);
            }

            var blobs = 0;
            foreach (var (digest, _) in _content.List().ToList())
            {
                if (!liveBlobs.Contains(digest.ToString()) && _content.Delete(digest))
                {
                    blobs++;
                }
            }

            var snapshots = 0;
            foreach (var snapshot in _snapshots.List())
            {
                if (!liveSnapshots.Contains(snapshot.ChainId))
                {
                    try
                    {
                        if (_snapshots.Remove(snapshot.ChainId))
                        {
                            snapshots++;
                        }
                    }
                    catch (IOException e)
                    {
                        Log.SnapshotRemovalFailed(_logger, snapshot.ChainId, e);
                    }
                }
            }

            if (blobs + snapshots > 0)
            {
                Log.Collected(_logger, blobs, snapshots);
            }

            return (blobs, snapshots);
        }
    }

    private void ReleaseTemporary(long id)
    {
        lock (_lock)
        {
            _temporary.Remove(id);
        }
    }

    private sealed class TemporaryHold(ImageGarbageCollector owner, long id, HashSet<string> chainIds, HashSet<string> digests) : IDisposable
    {
        public HashSet<string> ChainIds { get; } = chainIds;

        public HashSet<string> Digests { get; } = digests;

        public void Dispose() => owner.ReleaseTemporary(id);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Garbage collection removed {Blobs} blobs and {Snapshots} snapshots")]
        public static partial void Collected(ILogger logger, int blobs, int snapshots);

        [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Cannot remove snapshot {ChainId}")]
        public static partial void SnapshotRemovalFailed(ILogger logger, string chainId, Exception exception);
    }
}
