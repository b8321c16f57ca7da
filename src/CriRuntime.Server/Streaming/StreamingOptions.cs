using CriRuntime.Core.Configuration;

namespace CriRuntime.Server.Streaming;

/// <summary>The streaming server's settings, from the <c>[streaming]</c> table, and its fixed limits.</summary>
internal sealed record StreamingOptions(TimeSpan IdleTimeout, TimeSpan HandshakeTimeout, int MaxSessions, StreamLimits Limits)
{
    /// <summary>TCP connections at once (<c>streaming.max_connections</c>).</summary>
    public int MaxConnections { get; init; } = 1024;

    public static StreamingOptions From(StreamingSection section) =>
        new(section.IdleTimeout, section.HandshakeTimeout, section.MaxSessions, new StreamLimits()) { MaxConnections = section.MaxConnections };
}
