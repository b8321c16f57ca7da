using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    public const int CLONE_NEWNET = 0x40000000;

    /// <summary>setns(2) of the calling thread into the namespace open at <paramref name="fd"/>.</summary>
    public static void Setns(SafeHandle fd, int type, string path)
    {
        if (Tmds.Linux.LibC.setns((int)fd.DangerousGetHandle(), type) != 0)
        {
            throw Error("setns", path);
        }
    }
}
