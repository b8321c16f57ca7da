namespace CriRuntime.Streaming.Client;

/// <summary>
/// A streaming URL refused the WebSocket upgrade: <see cref="HttpStatus"/> is the server's answer (404 for an unknown,
/// used or expired token, 429 when the server is at its session cap, 400 for a protocol it does not speak), 0 when
/// the server could not be reached at all.
/// </summary>
public sealed class StreamingConnectException(int httpStatus, string message, Exception? inner = null) : Exception(message, inner)
{
    public int HttpStatus { get; } = httpStatus;
}
