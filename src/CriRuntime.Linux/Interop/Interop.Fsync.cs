using Tmds.Linux;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>open(O_RDONLY|O_DIRECTORY) + fsync(2) + close: makes a directory's entries (a rename) durable.</summary>
    public static unsafe void FsyncDirectory(string path)
    {
        var bytes = Utf8z(path);
        int fd;
        fixed (byte* p = bytes)
        {
            fd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        }

        if (fd < 0)
        {
            throw Error("open", path);
        }

        try
        {
            if (LibC.fsync(fd) != 0)
            {
                throw Error("fsync", path);
            }
        }
        finally
        {
            _ = LibC.close(fd);
        }
    }
}
