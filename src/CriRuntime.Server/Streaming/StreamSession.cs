using System.Diagnostics;
using CriRuntime.Core.Diagnostics;

namespace CriRuntime.Server.Streaming;

/// <summary>
/// One streaming session after the upgrade: its cancellation (client gone, idle too long, daemon stopping), and its
/// metrics (started by kind and protocol, active, duration, bytes). Disposing it records the end.
/// </summary>
internal sealed class StreamSession : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly string _kind;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private Func<(long In, long Out, long LastActivity)>? _counters;

    public StreamSession(string kind, string protocol, CancellationToken stopping)
    {
        _kind = kind;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        CriMetrics.StreamSessions.WithLabels(kind, protocol).Inc();
        CriMetrics.StreamSessionsActive.WithLabels(kind).Inc();
    }

    /// <summary>Cancelled when the session must end: everything it started stops (an exec'd process is killed).</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True when the idle watchdog ended the session.</summary>
    public bool IdledOut { get; private set; }

    public void Cancel() => _cancel.Cancel();

    /// <summary>
    /// Watches the transport's byte counters and last activity (<see cref="Environment.TickCount64"/>): nothing
    /// moving for <paramref name="idleTimeout"/> cancels the session.
    /// </summary>
    public void Watch(Func<(long In, long Out, long LastActivity)> counters, TimeSpan idleTimeout)
    {
        _counters = counters;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(idleTimeout.TotalMilliseconds / 4, 50, 30_000));
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period);
            try
            {
                while (await timer.WaitForNextTickAsync(_cancel.Token))
                {
                    if (Environment.TickCount64 - counters().LastActivity > idleTimeout.TotalMilliseconds)
                    {
                        IdledOut = true;
                        CriMetrics.StreamRefusals.WithLabels("idle_timeout").Inc();
                        await _cancel.CancelAsync();
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
            }
        });
    }

    /// <summary>
    /// Awaits the transport's reading loop and then cancels the session: the client's side ending (disconnect,
    /// GOAWAY, close, a broken protocol) ends everything. Protocol errors are logged and counted.
    /// </summary>
    public async Task EndWhenDoneAsync(Task reading, ILogger logger)
    {
        try
        {
            await reading;
        }
        catch (Spdy.SpdyProtocolException e)
        {
            CriMetrics.StreamRefusals.WithLabels(e.Refusal == Spdy.SpdyRefusal.FrameTooLarge ? "frame_too_large" : "protocol_error").Inc();
            StreamingLog.ProtocolError(logger, e.Message);
        }
        catch (System.Net.WebSockets.WebSocketException e) when (e.WebSocketErrorCode != System.Net.WebSockets.WebSocketError.ConnectionClosedPrematurely)
        {
            CriMetrics.StreamRefusals.WithLabels("protocol_error").Inc();
            StreamingLog.ProtocolError(logger, e.Message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or Microsoft.AspNetCore.Connections.ConnectionResetException
            or System.Net.WebSockets.WebSocketException)
        {
            // The client went away without a close (a closed TCP connection under a WebSocket): not a protocol error.
        }
        finally
        {
            Cancel();
        }
    }

    public void Dispose()
    {
        _cancel.Cancel();
        if (_counters is not null)
        {
            var (bytesIn, bytesOut, _) = _counters();
            CriMetrics.StreamBytes.WithLabels(_kind, "in").Inc(bytesIn);
            CriMetrics.StreamBytes.WithLabels(_kind, "out").Inc(bytesOut);
        }

        CriMetrics.StreamSessionsActive.WithLabels(_kind).Dec();
        CriMetrics.StreamSessionDuration.WithLabels(_kind).Observe(_elapsed.Elapsed.TotalSeconds);
        _cancel.Dispose();
    }
}
