using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

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
    public static unsafe FileKindValue Of(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        stat st;
        fixed (byte* p = bytes)
        {
            if (lstat(p, &st) != 0)
            {
                return FileKindValue.Missing;
            }
        }

        var type = (uint)st.st_mode & (uint)S_IFMT;
        return type == (uint)S_IFREG ? FileKindValue.Regular
            : type == (uint)S_IFDIR ? FileKindValue.Directory
            : type == (uint)S_IFLNK ? FileKindValue.Symlink
            : type == (uint)S_IFSOCK ? FileKindValue.Socket
            : FileKindValue.Other;
    }
}
