using Tmds.Linux;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>utimensat(2) with AT_SYMLINK_NOFOLLOW: access and modification times of the path itself.</summary>
    public static unsafe void SetTimesNoFollow(string path, DateTimeOffset accessTime, DateTimeOffset modificationTime)
    {
        var bytes = Utf8z(path);
        var times = stackalloc timespec[2];
        times[0] = ToTimespec(accessTime);
        times[1] = ToTimespec(modificationTime);
        fixed (byte* p = bytes)
        {
            if (LibC.utimensat(LibC.AT_FDCWD, p, times, LibC.AT_SYMLINK_NOFOLLOW) != 0)
            {
                throw Error("utimensat", path);
            }
        }
    }

    private static timespec ToTimespec(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new timespec { tv_sec = seconds, tv_nsec = (long_t)(remainder * 100) };
    }
}
