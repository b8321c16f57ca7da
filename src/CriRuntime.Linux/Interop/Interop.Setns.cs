using Microsoft.Win32.SafeHandles;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>CLONE_NEWNET: setns must find a network namespace behind the descriptor.</summary>
    public const int CloneNewNet = 0x40000000;

    /// <summary>setns(2): moves the calling thread into the namespace <paramref name="handle"/> refers to.</summary>
    public static void Setns(SafeFileHandle handle, int type, string path)
    {
        if (Tmds.Linux.LibC.setns((int)handle.DangerousGetHandle(), type) != 0)
        {
            throw Error("setns", path);
        }
    }
}
