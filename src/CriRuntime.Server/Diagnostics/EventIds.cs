namespace CriRuntime.Server.Diagnostics;

/// <summary>Every log event id of the daemon, in one table so ids never collide.</summary>
internal static class EventIds
{
    public const int CallDone = 1;
    public const int CallFailed = 2;
    public const int UnexpectedError = 3;
    public const int Listening = 10;
    public const int MetricsListening = 11;
    public const int ShuttingDown = 12;
    public const int Stopped = 13;

    // 170-179: container events and the exit watcher.
    public const int ExitWatchFailed = 170;
    public const int HandlerNotReady = 171;
}
