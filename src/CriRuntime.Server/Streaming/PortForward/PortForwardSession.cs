using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Streaming;
using CriRuntime.Server.Streaming.Spdy;
using CriRuntime.Server.Streaming.WebSockets;

namespace CriRuntime.Server.Streaming.PortForward;

/// <summary>
/// A port-forward session. Over SPDY (<c>portforward.k8s.io</c>) the client opens, per forwarded connection, an
/// error stream and a data stream carrying the same <c>port</c> and <c>requestID</c> headers; each pair becomes one
/// TCP connection to the port inside the pod, any number of them at once. Over WebSocket
/// (<c>v4.channel.k8s.io</c>, its base64 variant, or none) the ports are the <c>port</c> query parameters and
/// port i has data channel 2i and error channel 2i+1 (each first carries the port, 2 bytes little-endian), one
/// connection per port. A connection that fails is reported on its error stream; the session goes on.
/// A WebSocket offering <c>SPDY/3.1+portforward.k8s.io</c> (kubectl and crictl 1.31+, Kubernetes KEP 4006) tunnels the
/// SPDY session itself: binary messages carry the SPDY byte stream, ports come in the streams' headers as over SPDY.
/// </summary>
internal sealed class PortForwardSession(StreamingOptions options, IPortDialer dialer, ILogger logger)
{
    public const string SpdyProtocol = "portforward.k8s.io";

    /// <summary>The WebSocket sub-protocol of SPDY tunnelled over WebSocket: client-go's <c>SPDY/3.1+</c> prefix on the SPDY sub-protocol.</summary>
    public const string SpdyTunnelProtocol = "SPDY/3.1+" + SpdyProtocol;

    private static readonly string[] WebSocketProtocols = ["v4.channel.k8s.io", "v4.base64.channel.k8s.io"];

    public async Task ServeAsync(HttpContext context, PortForwardStreamRequest request, CancellationToken stopping)
    {
        if (context.WebSockets.IsWebSocketRequest && context.WebSockets.WebSocketRequestedProtocols.Contains(SpdyTunnelProtocol, StringComparer.Ordinal))
        {
            // Named in the header directly: .NET validates a chosen sub-protocol as an RFC 7230 token, and '/' is not one.
            context.Response.Headers.SecWebSocketProtocol = SpdyTunnelProtocol;
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            var transport = WebSocketStream.Create(socket, WebSocketMessageType.Binary, TimeSpan.FromSeconds(5));
            await ServeSpdySessionAsync(transport, "websocket/" + SpdyTunnelProtocol, request, stopping);
        }
        else if (context.WebSockets.IsWebSocketRequest)
        {
            await ServeWebSocketAsync(context, request, stopping);
        }
        else
        {
            await ServeSpdyAsync(context, request, stopping);
        }
    }

    private async Task ServeSpdyAsync(HttpContext context, PortForwardStreamRequest request, CancellationToken stopping)
    {
        if (await SpdyUpgrade.TryUpgradeAsync(context, [SpdyProtocol], SpdyProtocol) is not var (transport, protocol))
        {
            return;
        }

        await ServeSpdySessionAsync(transport, "spdy/" + protocol, request, stopping);
    }

    /// <summary>A SPDY port-forward session over <paramref name="transport"/> (an upgraded connection or a WebSocket tunnel).</summary>
    private async Task ServeSpdySessionAsync(Stream transport, string protocol, PortForwardStreamRequest request, CancellationToken stopping)
    {
        await using var spdy = new SpdyConnection(transport, options.Limits);
        using var session = new StreamSession(request.Kind, protocol, stopping);
        session.Watch(() => (spdy.BytesIn, spdy.BytesOut, spdy.LastActivity), options.IdleTimeout);
        var reading = session.EndWhenDoneAsync(spdy.RunAsync(session.Token), logger);
        var pending = new ConcurrentDictionary<string, (SpdyStream? Data, SpdyStream? Error)>(StringComparer.Ordinal);
        var forwards = new List<Task>();
        try
        {
            await foreach (var stream in spdy.Accepted.ReadAllAsync(session.Token))
            {
                var id = stream.Header("requestid") ?? ((stream.Id - 1) / 4).ToString(CultureInfo.InvariantCulture);
                var type = stream.Header("streamtype");
                var pair = pending.GetOrAdd(id, _ => (null, null));
                pair = type switch
                {
                    "data" => pair with { Data = stream },
                    "error" => pair with { Error = stream },
                    _ => pair,
                };
                if (type is not ("data" or "error"))
                {
                    StreamingLog.UnexpectedStream(logger, request.Kind, type ?? "");
                    await spdy.ResetAsync(stream.Id, SpdyFrameType.RefusedStream, session.Token);
                    continue;
                }

                if (pair is { Data: { } data, Error: { } error })
                {
                    pending.TryRemove(id, out _);
                    forwards.Add(ForwardSpdyAsync(request, data, error, session.Token));
                }
                else
                {
                    pending[id] = pair;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await reading;
        await Task.WhenAll(forwards);
    }

    private async Task ForwardSpdyAsync(PortForwardStreamRequest request, SpdyStream data, SpdyStream error, CancellationToken cancellationToken)
    {
        var failure = int.TryParse(data.Header("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? await ForwardAsync(request, port, data.Input, data.Output, cancellationToken)
            : $"invalid port \"{data.Header("port")}\"";
        try
        {
            await data.CloseAsync(cancellationToken);
            if (failure is not null)
            {
                await error.WriteAsync(Encoding.UTF8.GetBytes(failure), cancellationToken);
            }

            await error.CloseAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeWebSocketAsync(HttpContext context, PortForwardStreamRequest request, CancellationToken stopping)
    {
        var ports = new List<int>();
        foreach (var value in context.Request.Query["port"].SelectMany(v => (v ?? "").Split(',')))
        {
            if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
            {
                await SpdyUpgrade.RefuseAsync(context, StatusCodes.Status400BadRequest, $"invalid port \"{value}\"");
                return;
            }

            ports.Add(port);
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.Count == 0 ? WebSocketProtocols[0] : RemoteCommand.RemoteCommandProtocol.Negotiate(requested, WebSocketProtocols);
        if (ports.Count == 0 || protocol is null)
        {
            await SpdyUpgrade.RefuseAsync(context, StatusCodes.Status400BadRequest, ports.Count == 0
                ? "query parameter \"port\" is required"
                : $"requested protocol(s) are not supported: [{string.Join(", ", requested)}]");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = requested.Count == 0 ? null : protocol });
        var channels = new ChannelWebSocket(socket, protocol, Enumerable.Range(0, ports.Count).Select(i => 2 * i), options.Limits);
        using var session = new StreamSession(request.Kind, "websocket/" + protocol, stopping);
        session.Watch(() => (channels.BytesIn, channels.BytesOut, channels.LastActivity), options.IdleTimeout);
        var reading = session.EndWhenDoneAsync(channels.RunAsync(session.Token), logger);
        var forwards = ports.Select(async (port, i) =>
        {
            var portBytes = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(portBytes, (ushort)port);
            try
            {
                await channels.SendAsync(2 * i, portBytes, session.Token);
                await channels.SendAsync((2 * i) + 1, portBytes, session.Token);
                if (await ForwardAsync(request, port, channels.Input(2 * i), channels.Output(2 * i), session.Token) is { } failure)
                {
                    await channels.SendAsync((2 * i) + 1, Encoding.UTF8.GetBytes(failure), session.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
            {
            }
        }).ToList();
        var done = Task.WhenAll(forwards);
        await Task.WhenAny(done, reading);
        await channels.CloseAsync(reading);
        session.Cancel();
        await done;
        await reading;
    }

    /// <summary>
    /// One forwarded connection: the client's bytes to the pod until the client's half ends (then the socket's send
    /// side is shut), the pod's bytes to the client until the pod closes. Returns the error text, or null.
    /// </summary>
    private async Task<string?> ForwardAsync(PortForwardStreamRequest request, int port, Stream fromClient, Stream toClient, CancellationToken cancellationToken)
    {
        Stream connection;
        try
        {
            connection = await dialer.ConnectAsync(request.NetnsPath, port, cancellationToken);
        }
        catch (IOException e)
        {
            StreamingLog.ForwardFailed(logger, port, request.SandboxId, e.Message);
            return $"error forwarding port {port} to pod {request.SandboxId}: {e.Message}";
        }

        await using (connection)
        {
            var upstream = Task.Run(async () =>
            {
                try
                {
                    await fromClient.CopyToAsync(connection, 32 * 1024, cancellationToken);
                    (connection as System.Net.Sockets.NetworkStream)?.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                }
            }, CancellationToken.None);
            try
            {
                await connection.CopyToAsync(toClient, 32 * 1024, cancellationToken);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }

            // The pod closed its side: the connection is over even if the client still has bytes to send.
            await Task.WhenAny(upstream, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
        }

        return null;
    }
}
