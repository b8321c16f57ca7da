namespace CriRuntime.Shim.Interop;

/// <summary>Wall-clock time in nanoseconds since the Unix epoch (DateTime only has 100 ns ticks).</summary>
internal static unsafe class Clock
{
    public static long UnixNanoseconds()
    {
        Libc.Timespec ts;
        _ = Libc.clock_gettime(Libc.CLOCK_REALTIME, &ts);
        return (ts.Seconds * 1_000_000_000) + ts.Nanoseconds;
    }
}
