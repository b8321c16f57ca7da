using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Streaming;
using CriRuntime.Server.Streaming.Spdy;
using CriRuntime.Server.Streaming.WebSockets;

namespace CriRuntime.Server.Streaming.RemoteCommand;

/// <summary>Runs the process of an exec or attach session with the client's streams; returns its exit code.</summary>
internal delegate Task<int> ProcessRunner(ProcessStreams streams, CancellationToken cancellationToken);

/// <summary>Which streams an exec or attach session carries, from the request the URL was issued for.</summary>
internal sealed record RemoteCommandOptions(string Kind, IReadOnlyList<string> Command, bool Tty, bool Stdin, bool Stdout, bool Stderr);

/// <summary>
/// An exec or attach session over SPDY (streams named by their <c>streamType</c> header: error, stdin, stdout,
/// stderr, resize) or WebSocket (channels 0-4). The client opens the streams it asked for (the error stream always,
/// resize with a tty from v3 on) within the handshake timeout; the process runs; its output is delivered and the
/// streams are closed; the outcome goes on the error stream; the session ends. A client that goes away, or a session
/// idle past the timeout, cancels the runner (an exec'd process is killed).
/// </summary>
internal sealed class RemoteCommandSession(StreamingOptions options, ILogger logger)
{
    public async Task ServeAsync(HttpContext context, RemoteCommandOptions request, ProcessRunner run, CancellationToken stopping)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await ServeWebSocketAsync(context, request, run, stopping);
        }
        else
        {
            await ServeSpdyAsync(context, request, run, stopping);
        }
    }

    private async Task ServeSpdyAsync(HttpContext context, RemoteCommandOptions request, ProcessRunner run, CancellationToken stopping)
    {
        if (await SpdyUpgrade.TryUpgradeAsync(context, RemoteCommandProtocol.Spdy, RemoteCommandProtocol.V1) is not var (transport, protocol))
        {
            return;
        }

        await using var spdy = new SpdyConnection(transport, options.Limits);
        using var session = new StreamSession(request.Kind, "spdy/" + protocol, stopping);
        session.Watch(() => (spdy.BytesIn, spdy.BytesOut, spdy.LastActivity), options.IdleTimeout);
        var reading = session.EndWhenDoneAsync(spdy.RunAsync(session.Token), logger);

        var wanted = new HashSet<string>(StringComparer.Ordinal) { "error" };
        AddIf(wanted, request.Stdin, "stdin");
        AddIf(wanted, request.Stdout, "stdout");
        AddIf(wanted, request.Stderr, "stderr");
        AddIf(wanted, request.Tty && RemoteCommandProtocol.SupportsResize(protocol), "resize");
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(session.Token))
        {
            handshake.CancelAfter(options.HandshakeTimeout);
            try
            {
                while (streams.Count < wanted.Count)
                {
                    var stream = await spdy.Accepted.ReadAsync(handshake.Token);
                    var type = stream.Header("streamtype") ?? "";
                    if (wanted.Contains(type) && streams.TryAdd(type, stream))
                    {
                        continue;
                    }

                    StreamingLog.UnexpectedStream(logger, request.Kind, type);
                    await spdy.ResetAsync(stream.Id, SpdyFrameType.RefusedStream, session.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                if (!session.Token.IsCancellationRequested)
                {
                    CriMetrics.StreamRefusals.WithLabels("handshake_timeout").Inc();
                    StreamingLog.HandshakeTimedOut(logger, request.Kind, options.HandshakeTimeout.TotalSeconds);
                }

                session.Cancel();
                await reading;
                return;
            }
        }

        var processStreams = new ProcessStreams
        {
            Stdin = streams.GetValueOrDefault("stdin")?.Input,
            Stdout = streams.GetValueOrDefault("stdout")?.Output,
            Stderr = streams.GetValueOrDefault("stderr")?.Output,
            Tty = request.Tty,
            Resize = streams.TryGetValue("resize", out var resize) ? ResizeReader.Start(resize.Input, session.Token) : null,
        };
        var outcome = await RunAsync(request, protocol, run, processStreams, session);
        if (outcome is not null)
        {
            try
            {
                foreach (var output in new[] { "stdout", "stderr" })
                {
                    if (streams.TryGetValue(output, out var s))
                    {
                        await s.CloseAsync(session.Token);
                    }
                }

                await streams["error"].WriteAsync(outcome, session.Token);
                await streams["error"].CloseAsync(session.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                StreamingLog.ClientGone(logger, request.Kind, e.Message);
            }
        }

        await spdy.GoAwayAsync(SpdyFrameType.GoAwayOk);
        session.Cancel();
        await reading;
    }

    private async Task ServeWebSocketAsync(HttpContext context, RemoteCommandOptions request, ProcessRunner run, CancellationToken stopping)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.Count == 0 ? RemoteCommandProtocol.V1 : RemoteCommandProtocol.Negotiate(requested, RemoteCommandProtocol.WebSocket);
        if (protocol is null)
        {
            await SpdyUpgrade.RefuseAsync(context, StatusCodes.Status400BadRequest, $"requested protocol(s) are not supported: [{string.Join(", ", requested)}]");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = requested.Count == 0 ? null : protocol });
        var inputs = new List<int>();
        AddIf(inputs, request.Stdin, RemoteCommandProtocol.StdinChannel);
        AddIf(inputs, request.Tty, RemoteCommandProtocol.ResizeChannel);
        var channels = new ChannelWebSocket(socket, protocol, inputs, options.Limits);
        using var session = new StreamSession(request.Kind, "websocket/" + protocol, stopping);
        session.Watch(() => (channels.BytesIn, channels.BytesOut, channels.LastActivity), options.IdleTimeout);
        var reading = session.EndWhenDoneAsync(channels.RunAsync(session.Token), logger);
        try
        {
            // An empty message on the lowest channel the server writes tells the client the session is open.
            var first = request.Stdout ? RemoteCommandProtocol.StdoutChannel : request.Stderr ? RemoteCommandProtocol.StderrChannel : RemoteCommandProtocol.ErrorChannel;
            await channels.SendAsync(first, ReadOnlyMemory<byte>.Empty, session.Token);
            var processStreams = new ProcessStreams
            {
                Stdin = request.Stdin ? channels.Input(RemoteCommandProtocol.StdinChannel) : null,
                Stdout = request.Stdout ? channels.Output(RemoteCommandProtocol.StdoutChannel) : null,
                Stderr = request.Stderr ? channels.Output(RemoteCommandProtocol.StderrChannel) : null,
                Tty = request.Tty,
                Resize = request.Tty ? ResizeReader.Start(channels.Input(RemoteCommandProtocol.ResizeChannel), session.Token) : null,
            };
            if (await RunAsync(request, protocol, run, processStreams, session) is { Length: > 0 } outcome)
            {
                await channels.SendAsync(RemoteCommandProtocol.ErrorChannel, outcome, session.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            StreamingLog.ClientGone(logger, request.Kind, e.Message);
        }

        await channels.CloseAsync(reading);
        session.Cancel();
        await reading;
    }

    /// <summary>Runs the process; returns the error stream's content, or null when the client is gone.</summary>
    private async Task<byte[]?> RunAsync(RemoteCommandOptions request, string protocol, ProcessRunner run, ProcessStreams streams, StreamSession session)
    {
        try
        {
            var exitCode = await run(streams, session.Token);
            return RemoteCommandProtocol.Outcome(protocol, request.Command, exitCode, null) ?? [];
        }
        catch (OperationCanceledException) when (session.Token.IsCancellationRequested)
        {
            StreamingLog.Cancelled(logger, request.Kind, session.IdledOut ? "idle timeout" : "client gone");
            return null;
        }
        catch (CriException e)
        {
            return RemoteCommandProtocol.Outcome(protocol, request.Command, null, e.Message) ?? [];
        }
    }

    private static void AddIf<T>(ICollection<T> set, bool condition, T item)
    {
        if (condition)
        {
            set.Add(item);
        }
    }
}
