namespace CriRuntime.Core.Images;

/// <summary>
/// Space and inodes used on the filesystem under <paramref name="Mountpoint"/>: by images (snapshots and content), or
/// by containers' writable layers (<see cref="Containers.ContainerManager.WritableLayersUsage"/>).
/// </summary>
public sealed record ImageFsUsage(string Mountpoint, ulong UsedBytes, ulong InodesUsed, DateTimeOffset Timestamp);

public sealed partial class ImageManager
{
    private const long BlockSize = 4096;

    /// <summary>Computed from the sizes recorded when each snapshot was unpacked, so it is cheap to call often.</summary>
    public ImageFsUsage GetFsUsage()
    {
        long bytes = 0;
        long inodes = 0;
        foreach (var snapshot in _snapshots.List())
        {
            bytes += snapshot.UsedBytes;
            inodes += snapshot.Inodes;
        }

        foreach (var (_, size) in _content.List())
        {
            bytes += (size + BlockSize - 1) / BlockSize * BlockSize;
            inodes++;
        }

        return new ImageFsUsage(_snapshots.Root, (ulong)bytes, (ulong)inodes, _time.GetUtcNow());
    }
}
