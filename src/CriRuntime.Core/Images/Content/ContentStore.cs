using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Images.Content;

/// <summary>
/// Blobs keyed by digest under <c>&lt;root&gt;/blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>. A blob is written to
/// <c>&lt;root&gt;/ingest</c>, verified (size and digest), fsynced and only then renamed into place, so a partial
/// or wrong download is never visible as content. Reads verify again: a corrupted file is an error, not an image.
/// Layers do not go through here: they stream straight into snapshots (see ImagePuller); manifests, indexes and
/// configs do.
/// </summary>
public sealed class ContentStore
{
    private readonly IHostFiles _files;

    public ContentStore(string root, IHostFiles files)
    {
        Root = root;
        _files = files;
        IngestDirectory = Path.Combine(root, "ingest");
        files.CreateDirectory(Path.Combine(root, "blobs", "sha256"));
        files.CreateDirectory(IngestDirectory);
    }

    public string Root { get; }

    public string IngestDirectory { get; }

    public string PathOf(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Encoded);

    public bool Exists(Digest digest) => _files.FileExists(PathOf(digest));

    /// <summary>Deletes every leftover of interrupted writes (called at start-up).</summary>
    public void CleanIngest()
    {
        foreach (var file in _files.EnumerateFiles(IngestDirectory))
        {
            _files.DeleteFile(file);
        }
    }

    /// <summary>Reads and verifies a small blob.</summary>
    public async Task<byte[]?> TryReadAsync(Digest digest, long maxSize, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var path = PathOf(digest);
            var info = _files.Inspect(path);
            if (!info.IsFile)
            {
                return null;
            }

            if (info.Length > maxSize)
            {
                throw new CriException(ErrorKind.Internal, $"stored blob {digest} is larger than {maxSize} bytes");
            }

            bytes = await _files.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        using var hash = digest.CreateHash();
        hash.AppendData(bytes);
        if (!digest.Matches(hash))
        {
            // Corrupted on disk: drop it so the next pull fetches it again.
            Delete(digest);
            return null;
        }

        return bytes;
    }

    /// <summary>Stores bytes already in memory after checking their digest.</summary>
    public async Task WriteAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (Exists(digest))
        {
            return;
        }

        using (var hash = digest.CreateHash())
        {
            hash.AppendData(content.Span);
            if (!digest.Matches(hash))
            {
                throw new CriException(ErrorKind.FailedPrecondition, $"content does not match digest {digest}");
            }
        }

        var temp = Path.Combine(IngestDirectory, $"{digest.Encoded}-{Guid.NewGuid():N}");
        try
        {
            await _files.WriteNewAsync(temp, async (stream, ct) => await stream.WriteAsync(content, ct), cancellationToken);
            Commit(temp, digest);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Streams a blob into the store, verifying digest and size before it becomes visible.</summary>
    public async Task IngestAsync(Digest digest, long size, Stream source, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(IngestDirectory, $"{digest.Encoded}-{Guid.NewGuid():N}");
        try
        {
            await using (var verifying = new VerifyingStream(source, digest, size, "blob"))
            {
                await _files.WriteNewAsync(temp, (stream, ct) => verifying.CopyToAsync(stream, 1 << 20, ct), cancellationToken);
            }

            Commit(temp, digest);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public bool Delete(Digest digest)
    {
        var path = PathOf(digest);
        if (!_files.FileExists(path))
        {
            return false;
        }

        _files.DeleteFile(path);
        return true;
    }

    public IEnumerable<(Digest Digest, long Size)> List()
    {
        var blobs = Path.Combine(Root, "blobs");
        foreach (var algorithmDir in _files.EnumerateDirectories(blobs))
        {
            var algorithm = Path.GetFileName(algorithmDir);
            foreach (var file in _files.EnumerateFiles(algorithmDir))
            {
                if (Digest.TryParse($"{algorithm}:{Path.GetFileName(file)}", out var digest))
                {
                    yield return (digest, _files.Inspect(file).Length);
                }
            }
        }
    }

    private void Commit(string temp, Digest digest)
    {
        var target = PathOf(digest);
        _files.CreateDirectory(Path.GetDirectoryName(target)!);
        _files.Move(temp, target, overwrite: true);
        _files.SyncDirectory(Path.GetDirectoryName(target)!);
    }

    private void TryDelete(string path)
    {
        try
        {
            _files.DeleteFile(path);
        }
        catch (IOException)
        {
        }
    }
}
