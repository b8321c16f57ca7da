namespace CriRuntime.Server.Streaming;

/// <summary>Bounds that keep one streaming client from exhausting the daemon.</summary>
internal sealed record StreamLimits
{
    /// <summary>Largest frame payload (SPDY DATA or control frame, WebSocket message) a client may send.</summary>
    public int MaxFrameBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest decompressed SPDY header block.</summary>
    public int MaxHeaderBlockBytes { get; init; } = 64 * 1024;

    /// <summary>Streams a client may open in one session (port-forward opens two per connection).</summary>
    public int MaxStreams { get; init; } = 1024;

    /// <summary>Unread client bytes buffered per stream before the session stops reading (back-pressure).</summary>
    public int StreamBufferBytes { get; init; } = 256 * 1024;
}
