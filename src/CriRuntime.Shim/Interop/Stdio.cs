using System.Text;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Interop;

/// <summary>
/// Standard descriptors without System.Console: Console would set up terminal and SIGCHLD handling that the
/// shim's own signal handling must not share.
/// </summary>
internal static unsafe class Stdio
{
    /// <summary>Opens /dev/null on 0, 1 or 2 if closed, so no later descriptor lands there by accident.</summary>
    public static void EnsureOpen()
    {
        for (var fd = 0; fd <= 2; fd++)
        {
            if (fcntl(fd, F_GETFD) < 0)
            {
                var z = Utf8Z.From("/dev/null");
                fixed (byte* p = z)
                {
                    // Without O_CLOEXEC: this descriptor is meant to be the standard one.
                    _ = open(p, O_RDWR, 0);
                }
            }
        }
    }

    public static void Error(string line)
    {
        try
        {
            Fd.WriteAll(2, Encoding.UTF8.GetBytes(line + "\n"));
        }
        catch (ShimException)
        {
            // Nobody to tell.
        }
    }

    public static void Out(string line)
    {
        try
        {
            Fd.WriteAll(1, Encoding.UTF8.GetBytes(line + "\n"));
        }
        catch (ShimException)
        {
            // Nobody to tell.
        }
    }
}
