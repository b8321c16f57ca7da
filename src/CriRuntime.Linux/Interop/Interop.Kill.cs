using Tmds.Linux;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    public const int SIGKILL = 9;
    public const int SIGWINCH = 28;

    /// <summary>kill(2): true when the signal was sent.</summary>
    public static bool Kill(int pid, int signal) => LibC.kill(pid, signal) == 0;
}
