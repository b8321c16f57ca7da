using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Shim;
using Xunit;

namespace CriRuntime.Integration.Tests.Streaming;

/// <summary>
/// The streaming server's connection bounds through the real daemon (no pod needed: nothing gets past HTTP):
/// connections that send no complete request within <c>streaming.handshake_timeout</c> are closed, connections past
/// <c>streaming.max_connections</c> get 503, and both are counted in <c>criruntime_stream_refusals_total</c>.
/// </summary>
public sealed class StreamingConnectionLimitTests : IAsyncLifetime
{
    private const int MaxConnections = 12;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(3);

    private DaemonProcess _daemon = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _port = DaemonProcess.FreeTcpPort();
        _daemon = await DaemonProcess.StartAsync($"""
            [runtime]
            shim_path = "{ShimBinary.Path}"
            [streaming]
            address = "127.0.0.1:{_port}"
            max_sessions = 2
            max_connections = {MaxConnections}
            handshake_timeout = "3s"
            """);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Idle_connections_are_closed_after_the_handshake_timeout_and_those_past_the_cap_get_503_all_counted()
    {
        var timeoutsBefore = await RefusalsAsync("handshake_timeout");
        var capBefore = await RefusalsAsync("connection_cap");

        // One more than the cap; half send nothing, half an unfinished request head.
        var clients = new List<(TcpClient Client, Stopwatch Since)>();
        try
        {
            for (var i = 0; i <= MaxConnections; i++)
            {
                var client = new TcpClient();
                clients.Add((client, Stopwatch.StartNew()));
                await client.ConnectAsync(IPAddress.Loopback, _port);
                if (i % 2 == 1)
                {
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /exec/never-finished HTTP/1.1\r\nHost: x\r\n"));
                }
            }

            var ends = await Task.WhenAll(clients.Select(c => ReadToEndAsync(c.Client, c.Since)));

            var refused = Assert.Single(ends, e => e.Text.StartsWith("HTTP/1.1 503", StringComparison.Ordinal));
            Assert.Contains("too many connections", refused.Text, StringComparison.Ordinal);
            var timedOut = ends.Where(e => e != refused).ToList();
            Assert.Equal(MaxConnections, timedOut.Count);
            Assert.All(timedOut, e =>
            {
                Assert.Equal("", e.Text);
                Assert.True(e.Elapsed >= HandshakeTimeout - TimeSpan.FromMilliseconds(50), $"closed after {e.Elapsed}, before the handshake timeout");
            });
        }
        finally
        {
            clients.ForEach(c => c.Client.Dispose());
        }

        // The server counts as the connection ends, a moment after the client saw it end.
        for (var i = 0; i < 50 && await RefusalsAsync("handshake_timeout") - timeoutsBefore < MaxConnections; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(MaxConnections, await RefusalsAsync("handshake_timeout") - timeoutsBefore);
        Assert.Equal(1, await RefusalsAsync("connection_cap") - capBefore);
        Assert.Contains("sent no complete request within 3s", _daemon.Output, StringComparison.Ordinal);
        Assert.Contains("connections are open (streaming.max_connections)", _daemon.Output, StringComparison.Ordinal);

        // The refused and timed-out connections are no longer counted: a full request is served again.
        using var http = new HttpClient();
        var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{_port}/exec/unknown-token"));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    private static async Task<(string Text, TimeSpan Elapsed)> ReadToEndAsync(TcpClient client, Stopwatch started)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await client.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Closed with a reset: still closed.
        }

        return (Encoding.ASCII.GetString(received.ToArray()), started.Elapsed);
    }

    private async Task<int> RefusalsAsync(string reason)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_daemon.MetricsPort}/metrics"));
        var match = Regex.Match(metrics, $@"(?m)^criruntime_stream_refusals_total\{{reason=""{reason}""\}} (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
