using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>move_mount(2) is syscall 429 on every architecture.</summary>
    private const long SysMoveMount = 429;
    private const uint MOVE_MOUNT_F_EMPTY_PATH = 0x00000004;

    /// <summary>move_mount(2): attaches the detached mount <paramref name="tree"/> at <paramref name="target"/>.</summary>
    public static unsafe void MoveMount(SafeHandle tree, string target)
    {
        var bytes = Utf8z(target);
        byte empty = 0;
        fixed (byte* t = bytes)
        {
            if (move_mount(SysMoveMount, (int)tree.DangerousGetHandle(), &empty, Tmds.Linux.LibC.AT_FDCWD, t, MOVE_MOUNT_F_EMPTY_PATH) != 0)
            {
                throw Error("move_mount", target);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long move_mount(long number, int fromDirFd, byte* fromPath, int toDirFd, byte* toPath, uint flags);
}
