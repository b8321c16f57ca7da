using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace CriRuntime.TestSupport.Streaming;

/// <summary>
/// Drives the URLs that CRI Exec, Attach and PortForward return, over SPDY/3.1 (as kubelet and crictl's SPDY
/// executor) and WebSocket (as kubectl 1.31+ and crictl's WebSocket executor), following the Kubernetes remote
/// command and port-forward protocols.
/// </summary>
public static class StreamingClient
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An exec or attach session over SPDY: opens the streams <paramref name="run"/> names, sends its input, waits for the end.</summary>
    public static async Task<RemoteCommandResult> SpdyRemoteCommandAsync(string url, RemoteCommandRun run)
    {
        var (status, body, session) = await SpdyClientSession.ConnectAsync(new Uri(url), run.Protocol);
        if (session is null)
        {
            return new RemoteCommandResult(status, [], [], body);
        }

        await using (session)
        {
            var error = await session.OpenAsync(("streamType", "error"));
            var stdin = run.Stdin ? await session.OpenAsync(("streamType", "stdin")) : 0;
            var stdout = run.Stdout ? await session.OpenAsync(("streamType", "stdout")) : 0;
            var stderr = run.Stderr ? await session.OpenAsync(("streamType", "stderr")) : 0;
            if (run.Tty)
            {
                var resize = await session.OpenAsync(("streamType", "resize"));
                if (run.Size is not null)
                {
                    await session.SendAsync(resize, run.SizeJson(), fin: false);
                }
            }

            if (run.Stdin)
            {
                if (run.Input.Length > 0)
                {
                    await session.SendAsync(stdin, run.Input, fin: false);
                }

                if (run.CloseStdin)
                {
                    await session.SendAsync(stdin, [], fin: true);
                }
            }

            await session.Finished(error).WaitAsync(SessionTimeout);
            foreach (var id in new[] { stdout, stderr }.Where(id => id != 0))
            {
                await session.Finished(id).WaitAsync(SessionTimeout);
            }

            return new RemoteCommandResult(
                status,
                stdout != 0 ? session.Received(stdout) : [],
                stderr != 0 ? session.Received(stderr) : [],
                Encoding.UTF8.GetString(session.Received(error)));
        }
    }

    /// <summary>An exec or attach session over WebSocket (channels 0-4; v5 closes stdin with the close signal).</summary>
    public static async Task<RemoteCommandResult> WebSocketRemoteCommandAsync(string url, RemoteCommandRun run)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(run.Protocol);
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(WebSocketUri(url), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return new RemoteCommandResult((int)socket.HttpStatusCode, [], [], "");
        }

        var base64 = run.Protocol.Contains("base64", StringComparison.Ordinal);
        if (run.Tty && run.Size is not null)
        {
            await SendChannelAsync(socket, 4, run.SizeJson(), base64);
        }

        if (run.Stdin && run.Input.Length > 0)
        {
            await SendChannelAsync(socket, 0, run.Input, base64);
        }

        if (run.Stdin && run.CloseStdin && run.Protocol.StartsWith("v5.", StringComparison.Ordinal))
        {
            await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        var received = await ReceiveAllAsync(socket, base64);
        return new RemoteCommandResult(101, received.GetValueOrDefault(1, []), received.GetValueOrDefault(2, []), Encoding.UTF8.GetString(received.GetValueOrDefault(3, [])));
    }

    /// <summary>
    /// One port-forward connection over an open SPDY session: an error and a data stream for <paramref name="port"/>,
    /// <paramref name="request"/> sent and the client's half closed, the pod's answer read to its end.
    /// Returns the answer and the error stream's text.
    /// </summary>
    public static async Task<(byte[] Data, string Error)> SpdyForwardAsync(SpdyClientSession session, int port, int requestId, byte[] request)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var idText = requestId.ToString(CultureInfo.InvariantCulture);
        var error = await session.OpenAsync(("streamType", "error"), ("port", portText), ("requestID", idText));
        var data = await session.OpenAsync(("streamType", "data"), ("port", portText), ("requestID", idText));
        await session.SendAsync(data, request, fin: true);
        await session.Finished(data).WaitAsync(SessionTimeout);
        await session.Finished(error).WaitAsync(SessionTimeout);
        return (session.Received(data), Encoding.UTF8.GetString(session.Received(error)));
    }

    /// <summary>
    /// Port-forward over WebSocket: one connection per port in the URL's <c>port</c> query parameters; sends
    /// <paramref name="request"/> on each data channel and collects each channel until the server closes. The first
    /// two bytes of each channel (the port) are stripped.
    /// </summary>
    public static async Task<Dictionary<int, byte[]>> WebSocketForwardAsync(string url, IReadOnlyList<int> ports, byte[] request)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v4.channel.k8s.io");
        var query = string.Join('&', ports.Select(p => "port=" + p.ToString(CultureInfo.InvariantCulture)));
        await socket.ConnectAsync(WebSocketUri(url + "?" + query), CancellationToken.None);
        for (var i = 0; i < ports.Count; i++)
        {
            await SendChannelAsync(socket, 2 * i, request, base64: false);
        }

        var received = await ReceiveAllAsync(socket, base64: false, stopWhen: r => Enumerable.Range(0, ports.Count).All(i => r.GetValueOrDefault(2 * i, []).Length > 2 && Encoding.ASCII.GetString(r[2 * i]).Contains("</html>", StringComparison.OrdinalIgnoreCase)));
        return received.ToDictionary(e => e.Key, e => e.Value.Length >= 2 ? e.Value[2..] : e.Value);
    }

    private static Uri WebSocketUri(string url) => new(url.Replace("http://", "ws://", StringComparison.Ordinal));

    private static async Task SendChannelAsync(ClientWebSocket socket, int channel, byte[] data, bool base64)
    {
        if (base64)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(data)), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        else
        {
            await socket.SendAsync((byte[])[(byte)channel, .. data], WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }

    private static async Task<Dictionary<int, byte[]>> ReceiveAllAsync(ClientWebSocket socket, bool base64, Func<Dictionary<int, byte[]>, bool>? stopWhen = null)
    {
        var received = new Dictionary<int, MemoryStream>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(SessionTimeout);
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var bytes = message.ToArray();
                message.SetLength(0);
                if (bytes.Length == 0)
                {
                    continue;
                }

                var channel = base64 ? bytes[0] - '0' : bytes[0];
                var data = base64 ? Convert.FromBase64String(Encoding.ASCII.GetString(bytes, 1, bytes.Length - 1)) : bytes[1..];
                if (!received.TryGetValue(channel, out var into))
                {
                    received[channel] = into = new MemoryStream();
                }

                into.Write(data);
                if (stopWhen?.Invoke(received.ToDictionary(e => e.Key, e => e.Value.ToArray())) == true)
                {
                    break;
                }
            }
        }
        catch (WebSocketException)
        {
        }

        return received.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The two-byte little-endian port a WebSocket port-forward channel starts with.</summary>
    public static int PortPrefix(byte[] channelData) => BinaryPrimitives.ReadUInt16LittleEndian(channelData);
}
