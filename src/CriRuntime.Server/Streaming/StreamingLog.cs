using CriRuntime.Server.Diagnostics;

namespace CriRuntime.Server.Streaming;

/// <summary>The streaming server's log events (ids 6001-6099 in EventIds).</summary>
internal static partial class StreamingLog
{
    [LoggerMessage(EventId = EventIds.StreamingListening, Level = LogLevel.Information, Message = "Streaming server (exec, attach, port-forward) listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = EventIds.StreamUnexpectedStream, Level = LogLevel.Warning, Message = "Streaming {Kind}: refused an unexpected stream of type \"{Type}\"")]
    public static partial void UnexpectedStream(ILogger logger, string kind, string type);

    [LoggerMessage(EventId = EventIds.StreamHandshakeTimeout, Level = LogLevel.Warning, Message = "Streaming {Kind}: the client did not open its streams within {Seconds}s")]
    public static partial void HandshakeTimedOut(ILogger logger, string kind, double seconds);

    [LoggerMessage(EventId = EventIds.StreamCancelled, Level = LogLevel.Information, Message = "Streaming {Kind}: session ended early ({Why}); its process was stopped")]
    public static partial void Cancelled(ILogger logger, string kind, string why);

    [LoggerMessage(EventId = EventIds.StreamClientGone, Level = LogLevel.Debug, Message = "Streaming {Kind}: the client went away: {Error}")]
    public static partial void ClientGone(ILogger logger, string kind, string error);

    [LoggerMessage(EventId = EventIds.StreamProtocolError, Level = LogLevel.Warning, Message = "Streaming: the client broke the protocol: {Error}")]
    public static partial void ProtocolError(ILogger logger, string error);

    [LoggerMessage(EventId = EventIds.StreamRefused, Level = LogLevel.Warning, Message = "Streaming: refused {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = EventIds.StreamForwardFailed, Level = LogLevel.Information, Message = "Port-forward to port {Port} of sandbox {SandboxId} failed: {Error}")]
    public static partial void ForwardFailed(ILogger logger, int port, string sandboxId, string error);

    [LoggerMessage(EventId = EventIds.StreamConnectionRefused, Level = LogLevel.Warning, Message = "Streaming: refused a connection from {Remote}: {Open} connections are open (streaming.max_connections)")]
    public static partial void ConnectionRefused(ILogger logger, string remote, int open);

    [LoggerMessage(EventId = EventIds.StreamConnectionTimedOut, Level = LogLevel.Warning, Message = "Streaming: closed a connection from {Remote} that sent no complete request within {Seconds}s")]
    public static partial void ConnectionTimedOut(ILogger logger, string remote, double seconds);
}
