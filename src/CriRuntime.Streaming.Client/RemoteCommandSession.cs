using System.Text;
using System.Threading.Channels;

namespace CriRuntime.Streaming.Client;

/// <summary>
/// What an exec or attach session relays. The streams opened must match the CRI request the URL was issued for
/// (a null <see cref="Stdout"/> or <see cref="Stderr"/> drops what arrives there).
/// </summary>
public sealed record RemoteCommandStreams
{
    /// <summary>Read until its end and sent on the stdin channel; null when the request had no stdin.</summary>
    public Stream? Stdin { get; init; }

    /// <summary>After stdin's end, send v5's close signal so the process sees end-of-file (false: keep stdin open, as an attach that only types does).</summary>
    public bool CloseStdin { get; init; } = true;

    public Stream? Stdout { get; init; }

    public Stream? Stderr { get; init; }

    /// <summary>A terminal size sent before anything else (a tty session's first size).</summary>
    public TerminalSize? InitialSize { get; init; }

    /// <summary>Later terminal sizes, sent as they come (SIGWINCH); null: none.</summary>
    public ChannelReader<TerminalSize>? Resizes { get; init; }
}

/// <summary>
/// The client side of a Kubernetes remote command session (exec or attach) over WebSocket: stdin sent as it is read,
/// stdout and stderr written as they arrive, terminal resizes, and the outcome from the error channel. Offers
/// <c>v5.channel.k8s.io</c> first (stdin can end while output goes on), then <c>v4.channel.k8s.io</c>.
/// </summary>
public static class RemoteCommandSession
{
    /// <summary>The sub-protocols offered by default, in order of preference.</summary>
    public static readonly IReadOnlyList<string> DefaultProtocols = [ChannelProtocols.V5, ChannelProtocols.V4];

    /// <summary>
    /// Runs the session at <paramref name="url"/> (a CRI Exec or Attach URL) until the server ends it, and returns
    /// how the command ended. <see cref="StreamingConnectException"/> when the upgrade is refused. Cancelling closes
    /// the session (the server then kills an exec'd process).
    /// </summary>
    public static async Task<RemoteCommandStatus> RunAsync(string url, RemoteCommandStreams streams, CancellationToken cancellationToken, IEnumerable<string>? protocols = null)
    {
        await using var socket = await ChannelWebSocketClient.ConnectAsync(url, protocols ?? DefaultProtocols, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (streams.InitialSize is { } size)
        {
            await socket.SendAsync(ChannelProtocols.Resize, size.ToJson(), cancellationToken);
        }

        var sending = Task.WhenAll(
            streams.Stdin is { } stdin ? SendStdinAsync(socket, stdin, streams.CloseStdin, stop.Token) : Task.CompletedTask,
            streams.Resizes is { } resizes ? SendResizesAsync(socket, resizes, stop.Token) : Task.CompletedTask);
        var error = new MemoryStream();
        try
        {
            while (await socket.ReceiveAsync(cancellationToken) is var (channel, data))
            {
                var into = channel switch
                {
                    ChannelProtocols.Stdout => streams.Stdout,
                    ChannelProtocols.Stderr => streams.Stderr,
                    ChannelProtocols.Error => error,
                    _ => null,
                };
                if (into is not null && data.Length > 0)
                {
                    await into.WriteAsync(data, cancellationToken);
                    await into.FlushAsync(cancellationToken);
                }
            }
        }
        finally
        {
            // Stdin may be blocked in a read that cannot be cancelled (a terminal): it is left behind, not awaited.
            await stop.CancelAsync();
            await socket.CloseAsync(CancellationToken.None);
        }

        await Task.WhenAny(sending, Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None));
        var text = Encoding.UTF8.GetString(error.ToArray());
        if (text.Length > 0)
        {
            return RemoteCommandStatus.Parse(text);
        }

        // v4 and v5 always end with a Status; older versions say nothing on success.
        var reportsStatus = socket.Protocol.StartsWith("v4.", StringComparison.Ordinal) || ChannelProtocols.HasCloseSignal(socket.Protocol);
        return reportsStatus ? new RemoteCommandStatus(null, "the streaming session ended without saying how the command ended") : new RemoteCommandStatus(0, "");
    }

    private static async Task SendStdinAsync(ChannelWebSocketClient socket, Stream stdin, bool close, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await socket.SendAsync(ChannelProtocols.Stdin, buffer.AsMemory(0, read), cancellationToken);
            }

            if (close)
            {
                await socket.CloseChannelAsync(ChannelProtocols.Stdin, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
        }
    }

    private static async Task SendResizesAsync(ChannelWebSocketClient socket, ChannelReader<TerminalSize> resizes, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var size in resizes.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(ChannelProtocols.Resize, size.ToJson(), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
        }
    }
}
