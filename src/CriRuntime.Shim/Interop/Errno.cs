using System.Runtime.InteropServices;
using Tmds.Linux;

namespace CriRuntime.Shim.Interop;

/// <summary>errno as text: Tmds.LibC reads it straight after the call; our own imports use SetLastError.</summary>
internal static class Errno
{
    public static int Tmds => LibC.errno;

    public static int Last => Marshal.GetLastPInvokeError();

    public static ShimException Fail(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
