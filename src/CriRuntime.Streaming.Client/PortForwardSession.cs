using System.Text;

namespace CriRuntime.Streaming.Client;

/// <summary>
/// The client side of a Kubernetes port-forward over WebSocket (<c>v4.channel.k8s.io</c>): the ports are the URL's
/// <c>port</c> query parameters, port i has data channel 2i and error channel 2i+1, each starting with the port as
/// two little-endian bytes, and the WebSocket carries one connection per port. The protocol has no half-close: once
/// every local connection's input has ended, the pod's answers are still relayed until the server closes or nothing
/// has come for <see cref="Linger"/> (a pod that keeps its side open, as a keep-alive HTTP server does).
/// </summary>
public static class PortForwardSession
{
    /// <summary>How long the session waits for more of the pod's bytes once every local input has ended.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Relays each of <paramref name="connections"/> (a local connection to remote port <c>Port</c>) through the
    /// port-forward URL <paramref name="url"/> (from CRI PortForward) until the server closes the session, the
    /// pod's side of every connection having ended. Returns, per connection, the error the server reported for it
    /// (empty: none). <see cref="StreamingConnectException"/> when the upgrade is refused.
    /// </summary>
    public static async Task<string[]> RunAsync(string url, IReadOnlyList<(int Port, Stream Connection)> connections, CancellationToken cancellationToken)
    {
        if (connections.Count == 0 || connections.Any(c => c.Port is < 1 or > 65535))
        {
            throw new ArgumentException("at least one port, each 1-65535", nameof(connections));
        }

        var query = string.Join('&', connections.Select(c => "port=" + c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        await using var socket = await ChannelWebSocketClient.ConnectAsync(url + separator + query, [ChannelProtocols.V4], cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = connections.Select((c, i) => SendAsync(socket, 2 * i, c.Connection, stop.Token)).ToArray();
        var errors = connections.Select(_ => new MemoryStream()).ToArray();
        var prefixSeen = new HashSet<int>();
        var lastReceived = Environment.TickCount64;
        var lingering = LingerAsync(socket, Task.WhenAll(sending), () => Interlocked.Read(ref lastReceived), stop.Token);
        try
        {
            while (await socket.ReceiveAsync(cancellationToken) is var (channel, data))
            {
                Interlocked.Exchange(ref lastReceived, Environment.TickCount64);
                var index = channel / 2;
                if (index >= connections.Count)
                {
                    continue;
                }

                // Each channel's first two bytes name its port.
                var payload = prefixSeen.Add(channel) ? data.AsMemory(Math.Min(2, data.Length)) : data.AsMemory();
                if (payload.IsEmpty)
                {
                    continue;
                }

                if (channel % 2 == 1)
                {
                    errors[index].Write(payload.Span);
                    continue;
                }

                try
                {
                    await connections[index].Connection.WriteAsync(payload, cancellationToken);
                    await connections[index].Connection.FlushAsync(cancellationToken);
                }
                catch (IOException)
                {
                    // The local side is gone: nothing more to relay for it; the session ends with the others.
                    if (connections.Count == 1)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await socket.CloseAsync(CancellationToken.None);
        }

        await lingering;
        await Task.WhenAny(Task.WhenAll(sending), Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None));
        return [.. errors.Select(e => Encoding.UTF8.GetString(e.ToArray()))];
    }

    /// <summary>Once every input has ended, closes the session when the pod has sent nothing for <see cref="Linger"/>.</summary>
    private static async Task LingerAsync(ChannelWebSocketClient socket, Task inputsEnded, Func<long> lastReceived, CancellationToken cancellationToken)
    {
        try
        {
            await inputsEnded.WaitAsync(cancellationToken);
            while (Environment.TickCount64 - lastReceived() < (long)Linger.TotalMilliseconds)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            await socket.CloseAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task SendAsync(ChannelWebSocketClient socket, int channel, Stream connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await connection.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await socket.SendAsync(channel, buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
        }
    }
}
