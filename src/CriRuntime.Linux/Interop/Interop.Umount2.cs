using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>umount2(2) with MNT_DETACH; false if nothing was mounted there.</summary>
    public static unsafe bool UnmountDetach(string target)
    {
        var bytes = Utf8z(target);
        fixed (byte* p = bytes)
        {
            if (Tmds.Linux.LibC.umount2(p, Tmds.Linux.LibC.MNT_DETACH) == 0)
            {
                return true;
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EINVAL or ENOENT ? false : throw Error("umount2", target, errno);
    }
}
