using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Files;

/// <summary>What lstat(2) says a path is; .NET's file APIs cannot tell a socket from a regular file.</summary>
public enum FileKindValue
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Socket,
    Other,
}

public static class FileKind
{
    public static FileKindValue Of(string path)
    {
        if (!Native.TryLstat(path, out var st))
        {
            return FileKindValue.Missing;
        }

        return ((uint)st.st_mode & Native.FileTypeMask) switch
        {
            Native.FileTypeRegular => FileKindValue.Regular,
            Native.FileTypeDirectory => FileKindValue.Directory,
            Native.FileTypeSymlink => FileKindValue.Symlink,
            Native.FileTypeSocket => FileKindValue.Socket,
            _ => FileKindValue.Other,
        };
    }
}
