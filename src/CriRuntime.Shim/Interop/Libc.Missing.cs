using System.Runtime.InteropServices;

namespace CriRuntime.Shim.Interop;

/// <summary>
/// The few libc functions Tmds.LibC 0.5.0 lacks. Source-generated, blittable, so NativeAOT binds them directly.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc.so.6";

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int signalfd(int fd, void* mask, int flags);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int clock_gettime(int clockId, Timespec* tp);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int rename(byte* oldPath, byte* newPath);

    // posix_spawn returns the error number instead of setting errno.
    [LibraryImport(Library)]
    internal static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Library)]
    internal static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Library)]
    internal static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Library)]
    internal static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Library)]
    internal static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Library)]
    internal static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Library)]
    internal static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Library)]
    internal static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);

    [LibraryImport(Library)]
    internal static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    internal const int WNOHANG = 1;
    internal const int PR_SET_CHILD_SUBREAPER = 36;
    internal const int SFD_NONBLOCK = 0x800;
    internal const int SFD_CLOEXEC = 0x80000;
    internal const int CLOCK_REALTIME = 0;
    internal const int MSG_CMSG_CLOEXEC = 0x40000000;

    // glibc's posix_spawn flags (spawn.h).
    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
    internal const short POSIX_SPAWN_SETSID = 0x80;
}
