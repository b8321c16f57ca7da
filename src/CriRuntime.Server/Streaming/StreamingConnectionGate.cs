using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CriRuntime.Core.Diagnostics;
using Microsoft.AspNetCore.Connections;

namespace CriRuntime.Server.Streaming;

/// <summary>
/// The streaming server's bounds on TCP connections, ahead of HTTP (a Kestrel connection middleware): at most
/// <c>streaming.max_connections</c> at once, a connection past that answered <c>503</c> and closed; and a connection
/// that has not sent a complete request within <c>streaming.handshake_timeout</c> closed. Kestrel's own limits would
/// drop such connections silently (its connection cap closes new connections unanswered, which clients report as
/// "unexpected EOF"); here each one is logged and counted in <c>criruntime_stream_refusals_total</c>
/// (<c>connection_cap</c>, <c>handshake_timeout</c>). Idle connections do not count towards the session cap.
/// </summary>
internal sealed class StreamingConnectionGate(StreamingOptions options, ILogger logger)
{
    private const string RefusalText = "too many connections to the streaming server\n";

    private static readonly byte[] Refusal = Encoding.ASCII.GetBytes(
        $"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {RefusalText.Length}\r\n\r\n{RefusalText}");

    private readonly ConcurrentDictionary<string, Connection> _open = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The connection middleware, for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => ServeAsync(connection, next);

    /// <summary>
    /// The first request middleware: marks the request's connection as past its handshake, so it is no longer closed
    /// for being idle (its session's own timeouts take over).
    /// </summary>
    public Task MarkRequestAsync(HttpContext context, RequestDelegate next)
    {
        if (_open.TryGetValue(context.Connection.Id, out var connection))
        {
            connection.RequestSeen = true;
        }

        return next(context);
    }

    private async Task ServeAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var open = Interlocked.Increment(ref _count);
        try
        {
            if (open > options.MaxConnections)
            {
                CriMetrics.StreamRefusals.WithLabels("connection_cap").Inc();
                StreamingLog.ConnectionRefused(logger, context.RemoteEndPoint?.ToString() ?? "", open - 1);
                await RefuseAsync(context);
                return;
            }

            await ServeWithinHandshakeAsync(context, next);
        }
        finally
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private async Task ServeWithinHandshakeAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var connection = new Connection();
        _open[context.ConnectionId] = connection;
        var elapsed = Stopwatch.StartNew();
        using var handshake = new CancellationTokenSource(options.HandshakeTimeout);
        using var watchdog = handshake.Token.Register(() =>
        {
            if (!connection.RequestSeen)
            {
                connection.TimedOut = true;
                context.Abort(new ConnectionAbortedException("no complete request within the handshake timeout"));
            }
        });
        try
        {
            await next(context);
        }
        finally
        {
            _open.TryRemove(context.ConnectionId, out _);

            // Kestrel's own header and keep-alive timeouts (set to the same value) may close it first: counted alike.
            // The watchdog's timer may fire a millisecond before the stopwatch reaches the timeout: its flag counts.
            if (connection.TimedOut || (!connection.RequestSeen && elapsed.Elapsed >= options.HandshakeTimeout))
            {
                CriMetrics.StreamRefusals.WithLabels("handshake_timeout").Inc();
                StreamingLog.ConnectionTimedOut(logger, context.RemoteEndPoint?.ToString() ?? "", options.HandshakeTimeout.TotalSeconds);
            }
        }
    }

    /// <summary>
    /// Answers 503 and reads what the client sent (for at most a second) before the connection closes: closing with
    /// unread bytes makes the kernel send a reset, which can discard the answer before the client reads it.
    /// </summary>
    private static async Task RefuseAsync(ConnectionContext context)
    {
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await context.Transport.Output.WriteAsync(Refusal, drain.Token);
            await context.Transport.Output.CompleteAsync();
            while (true)
            {
                var read = await context.Transport.Input.ReadAsync(drain.Token);
                context.Transport.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
        }
    }

    private sealed class Connection
    {
        private volatile bool _requestSeen;
        private volatile bool _timedOut;

        public bool TimedOut
        {
            get => _timedOut;
            set => _timedOut = value;
        }

        public bool RequestSeen
        {
            get => _requestSeen;
            set => _requestSeen = value;
        }
    }
}
