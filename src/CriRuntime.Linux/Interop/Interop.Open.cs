using Microsoft.Win32.SafeHandles;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>
    /// open(2) read-write with O_NOCTTY and O_CLOEXEC: a terminal opened by the daemon (a session leader under
    /// systemd) must never become its controlling terminal.
    /// </summary>
    public static unsafe SafeFileHandle OpenTerminal(string path)
    {
        var bytes = Utf8z(path);
        fixed (byte* p = bytes)
        {
            var fd = Tmds.Linux.LibC.open(p, Tmds.Linux.LibC.O_RDWR | Tmds.Linux.LibC.O_NOCTTY | Tmds.Linux.LibC.O_CLOEXEC, 0);
            return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error("open", path);
        }
    }

    /// <summary>open(2) read-only with O_CLOEXEC, for a handle on a namespace file (nsfs) or a directory.</summary>
    public static unsafe SafeFileHandle OpenReadOnly(string path)
    {
        var bytes = Utf8z(path);
        fixed (byte* p = bytes)
        {
            var fd = Tmds.Linux.LibC.open(p, Tmds.Linux.LibC.O_RDONLY | Tmds.Linux.LibC.O_CLOEXEC, 0);
            return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error("open", path);
        }
    }
}
