namespace CriRuntime.Core.Stores;

/// <summary>Unix time in nanoseconds, as CRI reports times.</summary>
public static class Clock
{
    public static long NowNanos() => ToNanos(DateTimeOffset.UtcNow);

    public static long ToNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
}
