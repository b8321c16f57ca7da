using CriRuntime.Core.Stores;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Snapshots;

/// <summary>fsync of a directory, for the record and content stores.</summary>
public sealed class LinuxDirectorySync : IDirectorySync
{
    public static readonly LinuxDirectorySync Instance = new();

    public void SyncDirectory(string path) => Native.FsyncDirectory(path);
}
