using System.Collections.Concurrent;
using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Snapshots;

/// <summary>
/// Snapshots as directories under the root: <c>&lt;hex of chain id&gt;/fs</c> holds the layer's files (an
/// overlayfs lowerdir) and <c>usage.json</c> what they use. A snapshot is unpacked into <c>.tmp-*</c> and
/// renamed into place only after it is complete and verified, so a present directory is a whole snapshot.
/// </summary>
public sealed class OverlaySnapshotStore : ISnapshotStore
{
    private const string TempPrefix = ".tmp-";
    private const string UsageFile = "usage.json";
    private readonly ConcurrentDictionary<string, SnapshotInfo> _snapshots = new(StringComparer.Ordinal);

    public OverlaySnapshotStore(string root)
    {
        Root = root;
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Load();
    }

    public string Root { get; }

    public bool Exists(string chainId) => _snapshots.ContainsKey(chainId);

    public IReadOnlyCollection<SnapshotInfo> List() => [.. _snapshots.Values];

    public string GetLayerPath(string chainId) => Path.Combine(DirectoryOf(chainId), "fs");

    public void CleanTemporary()
    {
        foreach (var directory in Directory.EnumerateDirectories(Root, TempPrefix + "*"))
        {
            DeleteTree(directory);
        }
    }

    public async Task<SnapshotInfo> CreateAsync(string chainId, Stream tar, Func<CancellationToken, Task> verify, CancellationToken cancellationToken)
    {
        var target = DirectoryOf(chainId);
        if (_snapshots.TryGetValue(chainId, out var present))
        {
            return present;
        }

        var temp = Path.Combine(Root, $"{TempPrefix}{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temp);
            var fs = Path.Combine(temp, "fs");
            Directory.CreateDirectory(fs);
            File.SetUnixFileMode(fs, (UnixFileMode)0x1ed);
            var extractor = new LayerExtractor(fs, $"layer {chainId}");
            await extractor.ExtractAsync(tar, cancellationToken);
            await verify(cancellationToken);

            var info = new SnapshotInfo(chainId, extractor.UsedBytes, extractor.Inodes);
            await File.WriteAllBytesAsync(
                Path.Combine(temp, UsageFile),
                JsonSerializer.SerializeToUtf8Bytes(new Usage(chainId, info.UsedBytes, info.Inodes), SnapshotJsonContext.Default.Usage),
                cancellationToken);
            try
            {
                Directory.Move(temp, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another unpack of the same chain won the race; its snapshot is as good as ours.
                return _snapshots.GetValueOrDefault(chainId) ?? info;
            }

            Native.FsyncDirectory(Root);
            _snapshots[chainId] = info;
            return info;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                DeleteTree(temp);
            }
        }
    }

    public Task WriteTarAsync(string chainId, Stream destination, CancellationToken cancellationToken) =>
        _snapshots.ContainsKey(chainId)
            ? LayerArchiver.WriteAsync(GetLayerPath(chainId), destination, cancellationToken)
            : throw new CriException(ErrorKind.NotFound, $"snapshot {chainId} does not exist");

    public bool Remove(string chainId)
    {
        if (!_snapshots.TryRemove(chainId, out _))
        {
            return false;
        }

        var directory = DirectoryOf(chainId);
        if (!Directory.Exists(directory))
        {
            return true;
        }

        // Renamed away first, so that a half-deleted snapshot is never taken for a whole one.
        var trash = Path.Combine(Root, $"{TempPrefix}rm-{Guid.NewGuid():N}");
        Directory.Move(directory, trash);
        DeleteTree(trash);
        return true;
    }

    private void Load()
    {
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith('.') || !Digest.TryParse("sha256:" + name, out var digest))
            {
                continue;
            }

            try
            {
                var usage = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(directory, UsageFile)), SnapshotJsonContext.Default.Usage);
                if (usage is not null && usage.ChainId == digest.ToString() && Directory.Exists(Path.Combine(directory, "fs")))
                {
                    _snapshots[usage.ChainId] = new SnapshotInfo(usage.ChainId, usage.UsedBytes, usage.Inodes);
                    continue;
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
            }

            // Not a whole snapshot: drop it.
            DeleteTree(directory);
        }
    }

    private string DirectoryOf(string chainId)
    {
        if (!Digest.TryParse(chainId, out var digest) || digest.Algorithm != "sha256")
        {
            throw new CriException(ErrorKind.InvalidArgument, $"invalid chain id \"{chainId}\"");
        }

        return Path.Combine(Root, digest.Encoded);
    }

    private static void DeleteTree(string path)
    {
        // Directory.Delete unlinks symlinks without following them; as root, modes do not stop it.
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    internal sealed record Usage(string ChainId, long UsedBytes, long Inodes);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(OverlaySnapshotStore.Usage))]
internal sealed partial class SnapshotJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
