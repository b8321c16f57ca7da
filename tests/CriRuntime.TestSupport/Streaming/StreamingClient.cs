using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CriRuntime.Streaming.Client;

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

    /// <summary>An exec or attach session over WebSocket, through the shipped client (v5 closes stdin with the close signal).</summary>
    public static async Task<RemoteCommandResult> WebSocketRemoteCommandAsync(string url, RemoteCommandRun run)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        using var timeout = new CancellationTokenSource(SessionTimeout);
        var streams = new RemoteCommandStreams
        {
            Stdin = run.Stdin ? new MemoryStream(run.Input) : null,
            CloseStdin = run.CloseStdin,
            Stdout = run.Stdout ? stdout : null,
            Stderr = run.Stderr ? stderr : null,
            InitialSize = run.Tty && run.Size is { } size ? new TerminalSize(size.Width, size.Height) : null,
        };
        try
        {
            var status = await RemoteCommandSession.RunAsync(url, streams, timeout.Token, [run.Protocol]);
            return new RemoteCommandResult(101, stdout.ToArray(), stderr.ToArray(), status.ErrorChannel);
        }
        catch (StreamingConnectException e)
        {
            return new RemoteCommandResult(e.HttpStatus, [], [], "");
        }
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
    /// Port-forward over WebSocket through the shipped client: one connection per port, <paramref name="request"/>
    /// sent on each, the answers collected until the server closes. Returns data channel 2i and error channel 2i+1
    /// of port i, without the port prefix.
    /// </summary>
    public static async Task<Dictionary<int, byte[]>> WebSocketForwardAsync(string url, IReadOnlyList<int> ports, byte[] request)
    {
        var answers = ports.Select(_ => new MemoryStream()).ToArray();
        using var timeout = new CancellationTokenSource(SessionTimeout);
        var errors = await PortForwardSession.RunAsync(url, [.. ports.Select((p, i) => (p, (Stream)new RequestAnswerStream(request, answers[i])))], timeout.Token);
        return Enumerable.Range(0, ports.Count)
            .SelectMany(i => new[] { (2 * i, answers[i].ToArray()), ((2 * i) + 1, Encoding.UTF8.GetBytes(errors[i])) })
            .ToDictionary(e => e.Item1, e => e.Item2);
    }

    /// <summary>The two-byte little-endian port a WebSocket port-forward channel starts with.</summary>
    public static int PortPrefix(byte[] channelData) => BinaryPrimitives.ReadUInt16LittleEndian(channelData);
}
