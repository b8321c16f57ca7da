namespace CriRuntime.Core.Stores;

/// <summary>Unix time in nanoseconds, as CRI reports times.</summary>
public static class Clock
{
    /// <summary>Now on <paramref name="time"/> (the injected provider: tests control it), in ns since the epoch.</summary>
    public static long NowNanos(TimeProvider time) => ToNanos(time.GetUtcNow());

    public static long ToNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
}
