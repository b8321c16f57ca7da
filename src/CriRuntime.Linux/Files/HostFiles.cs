using CriRuntime.Core.Stores;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Files;

/// <summary>
/// Core's <see cref="IHostFiles"/> on the real file system: System.IO, plus fsync(2) of new files and of directories.
/// Unsealed for TestSupport's FakeHostFiles, which keeps the file system and drops the fsyncs.
/// </summary>
public class HostFiles : IHostFiles
{
    public static readonly HostFiles Instance = new(durable: true);

    private readonly bool _durable;

    /// <summary><paramref name="durable"/>: new files are flushed to disk before they are closed.</summary>
    protected HostFiles(bool durable)
    {
        _durable = durable;
    }

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public FileFacts Inspect(string path)
    {
        var info = new FileInfo(path);
        var exists = info.Exists;
        return new FileFacts(
            exists, exists ? info.Length : 0, info.LinkTarget, exists || Directory.Exists(path) ? info.LastWriteTimeUtc : DateTime.MinValue);
    }

    public IEnumerable<string> EnumerateFiles(string directory, string pattern = "*") => Directory.EnumerateFiles(directory, pattern);

    public IEnumerable<string> EnumerateDirectories(string directory) => Directory.EnumerateDirectories(directory);

    public IEnumerable<string> EnumerateEntries(string directory) => Directory.EnumerateFileSystemEntries(directory);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void CreateSymbolicLink(string path, string target) => Directory.CreateSymbolicLink(path, target);

    public void DeleteFile(string path) => File.Delete(path);

    public void DeleteDirectory(string path, bool recursive = false) => Directory.Delete(path, recursive);

    public void Move(string from, string to, bool overwrite) => File.Move(from, to, overwrite);

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) => File.ReadAllBytesAsync(path, cancellationToken);

    public string ReadAllText(string path) => File.ReadAllText(path);

    public Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken) => File.WriteAllBytesAsync(path, bytes, cancellationToken);

    public Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken) => File.WriteAllTextAsync(path, text, cancellationToken);

    public Stream OpenRead(string path) => File.OpenRead(path);

    public Stream Create(string path) => File.Create(path);

    public async Task WriteNewAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await write(stream, cancellationToken);
        stream.Flush(flushToDisk: _durable);
    }

    public void WriteNew(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: _durable);
    }

    public virtual void SyncDirectory(string path) => Native.FsyncDirectory(path);

    public (ulong Bytes, ulong Inodes) DirectoryUsage(string path)
    {
        ulong bytes = 0;
        ulong inodes = 0;
        var root = new DirectoryInfo(path);
        if (!root.Exists)
        {
            return (0, 0);
        }

        var pending = new Stack<DirectoryInfo>();
        pending.Push(root);
        while (pending.TryPop(out var dir))
        {
            inodes++;
            try
            {
                foreach (var child in dir.EnumerateFileSystemInfos())
                {
                    if (child is DirectoryInfo sub && child.LinkTarget is null)
                    {
                        pending.Push(sub);
                    }
                    else
                    {
                        inodes++;
                        if (child is FileInfo file && child.LinkTarget is null)
                        {
                            bytes += (ulong)file.Length;
                        }
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return (bytes, inodes);
    }
}
