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
    // Streaming server (exec, attach, port-forward): 6001-6099.
    public const int StreamingListening = 6001;
    public const int StreamUnexpectedStream = 6002;
    public const int StreamHandshakeTimeout = 6003;
    public const int StreamCancelled = 6004;
    public const int StreamClientGone = 6005;
    public const int StreamProtocolError = 6006;
    public const int StreamRefused = 6007;
    public const int StreamForwardFailed = 6008;
    public const int StreamConnectionRefused = 6020;
    public const int StreamConnectionTimedOut = 6021;
    public const int HandlerNotReady = 171;
}
