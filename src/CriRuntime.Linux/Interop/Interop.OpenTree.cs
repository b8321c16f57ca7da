using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>open_tree(2) is syscall 428 on every architecture (the numbers from 424 on are shared).</summary>
    private const long SysOpenTree = 428;
    private const uint OPEN_TREE_CLONE = 1;
    private const uint OPEN_TREE_CLOEXEC = 0x80000; // O_CLOEXEC

    /// <summary>
    /// open_tree(2) with OPEN_TREE_CLONE: a detached copy of the mount at <paramref name="path"/> (that directory
    /// only, not its submounts), to be changed with <see cref="MountSetattrIdmap"/> before anyone sees it.
    /// </summary>
    public static unsafe SafeFileHandle OpenTreeClone(string path)
    {
        var bytes = Utf8z(path);
        fixed (byte* p = bytes)
        {
            var fd = open_tree(SysOpenTree, Tmds.Linux.LibC.AT_FDCWD, p, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
            return fd >= 0 ? new SafeFileHandle((nint)fd, ownsHandle: true) : throw Error("open_tree", path);
        }
    }

    // syscall(2) is variadic; integer and pointer arguments travel in the same registers as a fixed signature's.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long open_tree(long number, int dirFd, byte* path, uint flags);
}
