using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    public const uint TIOCSWINSZ = 0x5414;
    public const uint TIOCGPTN = 0x80045430;
    public const uint TIOCSPTLCK = 0x40045431;

    /// <summary>struct winsize of ioctl_tty(2): rows and columns in cells, pixels unused.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    /// <summary>ioctl(2) whose argument is an int.</summary>
    public static void Ioctl(SafeHandle fd, uint request, ref int value, string what)
    {
        if (ioctl_int((int)fd.DangerousGetHandle(), request, ref value) != 0)
        {
            throw Error("ioctl", what);
        }
    }

    /// <summary>ioctl(2) whose argument is a struct winsize.</summary>
    public static void Ioctl(SafeHandle fd, uint request, ref WinSize value, string what)
    {
        if (ioctl_winsize((int)fd.DangerousGetHandle(), request, ref value) != 0)
        {
            throw Error("ioctl", what);
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int ioctl_int(int fd, nuint request, ref int value);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int ioctl_winsize(int fd, nuint request, ref WinSize value);
}
