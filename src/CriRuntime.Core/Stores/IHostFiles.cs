namespace CriRuntime.Core.Stores;

/// <summary>
/// The file system as Core reads and writes it: its own state (records, blobs, bundles, sandbox files) and the host's
/// configuration (CNI and CDI dirs, seccomp profiles, registry config, bind sources). Core may not touch files itself
/// (System.IO.File and Directory are banned there, docs/conventions.md); CriRuntime.Linux implements this, unit tests
/// use TestSupport's fake. Members keep System.IO's semantics and exceptions (IOException, FileNotFoundException,
/// DirectoryNotFoundException, UnauthorizedAccessException).
/// </summary>
public interface IHostFiles
{
    /// <summary>True for a regular file (or a link to one), as <c>File.Exists</c>.</summary>
    bool FileExists(string path);

    /// <summary>True for a directory (or a link to one), as <c>Directory.Exists</c>.</summary>
    bool DirectoryExists(string path);

    /// <summary>What the path is, without following it when it is a symbolic link for <see cref="FileFacts.LinkTarget"/>.</summary>
    FileFacts Inspect(string path);

    /// <summary>Full paths of the files in a directory matching a <c>*</c>/<c>?</c> pattern.</summary>
    IEnumerable<string> EnumerateFiles(string directory, string pattern = "*");

    /// <summary>Full paths of the subdirectories of a directory.</summary>
    IEnumerable<string> EnumerateDirectories(string directory);

    /// <summary>Full paths of every entry of a directory.</summary>
    IEnumerable<string> EnumerateEntries(string directory);

    /// <summary>Creates the directory and its missing parents; an existing one is fine.</summary>
    void CreateDirectory(string path);

    void CreateSymbolicLink(string path, string target);

    /// <summary>Deletes a file; a missing one is fine.</summary>
    void DeleteFile(string path);

    /// <summary>Deletes a directory (its contents too when <paramref name="recursive"/>); throws if it is missing.</summary>
    void DeleteDirectory(string path, bool recursive = false);

    void Move(string from, string to, bool overwrite);

    byte[] ReadAllBytes(string path);

    Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken);

    string ReadAllText(string path);

    Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken);

    Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken);

    Stream OpenRead(string path);

    /// <summary>Creates or truncates a file for writing.</summary>
    Stream Create(string path);

    /// <summary>
    /// Creates a file that must not exist yet, lets <paramref name="write"/> fill it and flushes it to disk (fsync)
    /// before closing: the first half of an atomic replace (then <see cref="Move"/> and <see cref="SyncDirectory"/>).
    /// </summary>
    Task WriteNewAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>The synchronous <see cref="WriteNewAsync"/> of bytes in memory.</summary>
    void WriteNew(string path, byte[] bytes);

    /// <summary>Makes a directory's entries durable (fsync of the directory), so that a rename survives a power loss.</summary>
    void SyncDirectory(string path);

    /// <summary>Bytes and inodes under a directory, not following links; what cannot be read is skipped.</summary>
    (ulong Bytes, ulong Inodes) DirectoryUsage(string path);
}

/// <summary>
/// A path as <see cref="IHostFiles.Inspect"/> found it: <paramref name="IsFile"/> as <c>File.Exists</c>,
/// <paramref name="Length"/> in bytes (0 unless a file), <paramref name="LinkTarget"/> the text of a symbolic link
/// (null if the path is not one), <paramref name="LastWriteUtc"/> the modification time (MinValue if nothing is there).
/// </summary>
public readonly record struct FileFacts(bool IsFile, long Length, string? LinkTarget, DateTime LastWriteUtc);
