using System.Net.WebSockets;
using CriRuntime.Server.Streaming;
using CriRuntime.Server.Streaming.RemoteCommand;
using CriRuntime.Server.Streaming.Spdy;
using CriRuntime.Server.Streaming.WebSockets;

namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// The streaming server's readers of client bytes: the SPDY/3.1 frame reader (with its zlib header blocks) and the
/// WebSocket channel decoder, each fed one input as everything a client sends on its connection. Whatever the
/// server writes back is dropped; every stream the reader opens is drained, as a session would, so back-pressure
/// never stalls it. A reader still busy after 10 s is a finding too (a hang).
/// </summary>
internal static class StreamingFuzzTargets
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    /// <summary>The first input byte picks the WebSocket sub-protocol (modulo their count); the rest is the byte stream.</summary>
    private static readonly string[] WebSocketProtocols =
        [RemoteCommandProtocol.V5, "v4.base64.channel.k8s.io", RemoteCommandProtocol.V4];

    public static void ReadSpdyFrames(byte[] data)
    {
        using var hang = new CancellationTokenSource(HangLimit);
        var spdy = new SpdyConnection(new ClientBytes(data), new StreamLimits());
        var drained = DrainSpdyAsync(spdy, hang.Token);
        try
        {
            spdy.RunAsync(hang.Token).GetAwaiter().GetResult();
        }
        finally
        {
            drained.GetAwaiter().GetResult();
            spdy.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public static void DecodeWebSocketChannels(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        using var hang = new CancellationTokenSource(HangLimit);
        var protocol = WebSocketProtocols[data[0] % WebSocketProtocols.Length];
        using var socket = WebSocket.CreateFromStream(new ClientBytes(data[1..]), new WebSocketCreationOptions { IsServer = true, SubProtocol = protocol });
        var channels = new ChannelWebSocket(socket, protocol, [RemoteCommandProtocol.StdinChannel, RemoteCommandProtocol.ResizeChannel], new StreamLimits());
        var drained = Task.WhenAll(
            channels.Input(RemoteCommandProtocol.StdinChannel).CopyToAsync(Stream.Null, hang.Token),
            channels.Input(RemoteCommandProtocol.ResizeChannel).CopyToAsync(Stream.Null, hang.Token));
        try
        {
            channels.RunAsync(hang.Token).GetAwaiter().GetResult();
        }
        finally
        {
            drained.GetAwaiter().GetResult();
        }
    }

    private static async Task DrainSpdyAsync(SpdyConnection spdy, CancellationToken cancellationToken)
    {
        var copies = new List<Task>();
        await foreach (var stream in spdy.Accepted.ReadAllAsync(cancellationToken))
        {
            copies.Add(stream.Input.CopyToAsync(Stream.Null, cancellationToken));
        }

        await Task.WhenAll(copies);
    }

    /// <summary>A connection whose client sent <c>data</c> and then closed its side; what the server writes is dropped.</summary>
    private sealed class ClientBytes(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
