using Tmds.Linux;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>statx(2) with STATX_BASIC_STATS, following symlinks. False with errno set.</summary>
    public static unsafe bool TryStatx(string path, out statx status)
    {
        var bytes = Utf8z(path);
        fixed (byte* p = bytes)
        fixed (statx* s = &status)
        {
            return LibC.statx(LibC.AT_FDCWD, p, 0, LibC.STATX_BASIC_STATS, s) == 0;
        }
    }
}
