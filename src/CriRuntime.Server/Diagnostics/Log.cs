using Grpc.Core;

namespace CriRuntime.Server.Diagnostics;

/// <summary>The daemon's log messages, source-generated so that disabled levels cost nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.CallDone, Message = "{Method}{Ids} ok in {ElapsedMs:F1} ms")]
    public static partial void CallDone(ILogger logger, LogLevel level, string method, string ids, double elapsedMs);

    [LoggerMessage(EventId = EventIds.CallFailed, Message = "{Method}{Ids} failed in {ElapsedMs:F1} ms: {Code}: {Detail}")]
    public static partial void CallFailed(ILogger logger, LogLevel level, string method, string ids, double elapsedMs, StatusCode code, string detail);

    [LoggerMessage(EventIds.UnexpectedError, LogLevel.Error, "{Method}: unexpected error")]
    public static partial void UnexpectedError(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventIds.Listening, LogLevel.Information, "criruntime {Version} serving CRI on {Socket}")]
    public static partial void Listening(ILogger logger, string version, string socket);

    [LoggerMessage(EventIds.MetricsListening, LogLevel.Information, "metrics on http://{Address}/metrics")]
    public static partial void MetricsListening(ILogger logger, string address);

    [LoggerMessage(EventIds.ShuttingDown, LogLevel.Information, "shutting down: no new calls; in-flight calls have {TimeoutSeconds} s; containers keep running")]
    public static partial void ShuttingDown(ILogger logger, double timeoutSeconds);

    [LoggerMessage(EventIds.Stopped, LogLevel.Information, "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventIds.ExitWatchFailed, LogLevel.Warning, "watching for container exits: {Error}; exits are noticed at the next status call")]
    public static partial void ExitWatchFailed(ILogger logger, string error);

    [LoggerMessage(EventIds.HandlerNotReady, LogLevel.Warning, "runtime handler {Handler} cannot run containers on this host, its pods will be refused: {Reason}")]
    public static partial void HandlerNotReady(ILogger logger, string handler, string reason);
}
