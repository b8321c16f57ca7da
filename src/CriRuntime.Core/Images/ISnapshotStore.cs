namespace CriRuntime.Core.Images;

/// <summary>
/// Layer snapshots keyed by chain id: each layer's changes, unpacked once, in a directory of their own with
/// overlayfs whiteouts, shared by every image that has the same chain. Implemented on the host by
/// CriRuntime.Linux (OverlaySnapshotStore).
/// </summary>
public interface ISnapshotStore
{
    /// <summary>The directory the snapshots live in (reported by ImageFsInfo as the image filesystem).</summary>
    string Root { get; }

    bool Exists(string chainId);

    /// <summary>Every committed snapshot with its disk usage.</summary>
    IReadOnlyCollection<SnapshotInfo> List();

    /// <summary>
    /// Unpacks a layer's tar stream into a new snapshot. <paramref name="verify"/> runs after the last entry and
    /// before the snapshot becomes visible; if it or the unpacking throws, nothing is left behind.
    /// If the snapshot appeared meanwhile, the existing one is kept.
    /// </summary>
    Task<SnapshotInfo> CreateAsync(string chainId, Stream tar, Func<CancellationToken, Task> verify, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a committed snapshot back as an uncompressed layer tar (OCI image-spec layer changeset: whiteouts as
    /// <c>.wh.</c> files), reproducibly: the same snapshot always gives the same bytes. It is not the tar the layer came
    /// from (that is not kept), so its digest is a new diff id. NotFound when the snapshot does not exist.
    /// </summary>
    Task WriteTarAsync(string chainId, Stream destination, CancellationToken cancellationToken);

    /// <summary>Removes a snapshot; false if it did not exist.</summary>
    bool Remove(string chainId);

    /// <summary>The directory holding the snapshot's files (an overlayfs lowerdir).</summary>
    string GetLayerPath(string chainId);

    /// <summary>Deletes leftovers of interrupted unpacks (called at start-up).</summary>
    void CleanTemporary();
}

public sealed record SnapshotInfo(string ChainId, long UsedBytes, long Inodes);
