using CriRuntime.Core.Configuration;

namespace CriRuntime.Server.Streaming;

/// <summary>The streaming server's settings, from the <c>[streaming]</c> table, and its fixed limits.</summary>
internal sealed record StreamingOptions(TimeSpan IdleTimeout, TimeSpan HandshakeTimeout, int MaxSessions, StreamLimits Limits)
{
    public static StreamingOptions From(StreamingSection section) =>
        new(section.IdleTimeout, section.HandshakeTimeout, section.MaxSessions, new StreamLimits());
}
