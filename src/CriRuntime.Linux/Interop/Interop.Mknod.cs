using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFIFO = 0x1000;

    /// <summary>mknod(2): a device node or FIFO. <paramref name="mode"/> includes the file type bits.</summary>
    public static void Mknod(string path, uint mode, uint major, uint minor)
    {
        if (mknod(path, mode, MakeDev(major, minor)) != 0)
        {
            throw Error("mknod", path);
        }
    }

    /// <summary>glibc's makedev: the 64-bit dev_t layout.</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
        | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);
}
