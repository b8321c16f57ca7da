namespace CriRuntime.Core.Stores;

/// <summary>
/// Makes a directory's entries durable (fsync of the directory), so that a rename survives a power loss.
/// Core cannot call the kernel; the Linux project provides the implementation.
/// </summary>
public interface IDirectorySync
{
    void SyncDirectory(string path);
}

/// <summary>For tests and for hosts where durability of renames does not matter.</summary>
public sealed class NoDirectorySync : IDirectorySync
{
    public static readonly NoDirectorySync Instance = new();

    public void SyncDirectory(string path)
    {
    }
}
