namespace CriRuntime.Server.Streaming.Spdy;

/// <summary>Why a SPDY session was ended by the server; the value names the refusal metric's reason.</summary>
internal enum SpdyRefusal
{
    ProtocolError,
    FrameTooLarge,
    HeaderTooLarge,
    TooManyStreams,
}

/// <summary>The client broke SPDY/3 framing or a limit; the session ends with GOAWAY.</summary>
internal sealed class SpdyProtocolException(string message, SpdyRefusal refusal) : Exception(message)
{
    public SpdyRefusal Refusal { get; } = refusal;
}
