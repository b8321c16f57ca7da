using System.Net;
using System.Net.Sockets;
using System.Text;
using CriRuntime.TestSupport.Streaming;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Streaming;

/// <summary>
/// Port-forward with SPDY tunnelled over WebSocket (crictl and kubectl 1.31+), and sessions that still start while
/// many idle TCP connections are held open on the streaming port.
/// </summary>
public sealed partial class StreamingTests
{
    [Fact]
    public async Task Port_forward_with_spdy_tunnelled_over_websocket_carries_20_parallel_connections_over_2_ports()
    {
        var url = (await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.WebPod })).Url;
        var (status, head, session) = await SpdyClientSession.ConnectWebSocketTunnelAsync(new Uri(url), "portforward.k8s.io");
        Assert.True(status == 101 && session is not null, head);
        await using (session)
        {
            await ForwardsOverTwoPortsAsync(session!, 20);
        }
    }

    [Fact]
    public async Task Port_forward_over_websocket_with_neither_ports_nor_the_tunnel_protocol_is_refused()
    {
        var url = (await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.WebPod })).Url;
        var (status, head, session) = await SpdyClientSession.ConnectWebSocketTunnelAsync(new Uri(url), "v9.portforward.example.com");

        Assert.Null(session);
        Assert.Equal(400, status);
        Assert.Contains("400", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_and_port_forward_work_while_200_idle_connections_are_held()
    {
        var port = new Uri((await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.WebPod })).Url).Port;
        var idle = new List<TcpClient>();
        try
        {
            // 200 is past the old failure point (Kestrel's cap, 2 * max_sessions + 16 = 28 here) and below max_connections.
            for (var i = 0; i < 200; i++)
            {
                var client = new TcpClient();
                idle.Add(client);
                await client.ConnectAsync(IPAddress.Loopback, port);
                if (i % 2 == 1)
                {
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /exec/partial HTTP/1.1\r\n"));
                }
            }

            var spdy = await ExecAsync("spdy", new RemoteCommandRun(), "echo", "through spdy");
            var websocket = await ExecAsync("websocket", new RemoteCommandRun { Protocol = "v5.channel.k8s.io" }, "echo", "through websocket");
            var channels = await StreamingClient.WebSocketForwardAsync(
                (await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.WebPod })).Url, [8080], HttpGet);

            Assert.Equal("through spdy\n", spdy.StdoutText);
            Assert.Equal(0, spdy.ExitCode);
            Assert.Equal("through websocket\n", websocket.StdoutText);
            Assert.Contains("<html>hello from the pod</html>", Encoding.ASCII.GetString(channels[0]), StringComparison.Ordinal);

            // The idle connections were held, not answered or closed (the handshake timeout here is 30s).
            Assert.All(idle, c => Assert.False(c.Client.Poll(0, SelectMode.SelectRead), "an idle connection was answered or closed"));
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// <paramref name="connections"/> parallel port-forward connections over one SPDY session, alternating ports 8080
    /// and 8081, each answered by the pod's httpd; then one to a closed port, which fails on its error stream.
    /// </summary>
    private static async Task ForwardsOverTwoPortsAsync(SpdyClientSession session, int connections)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, connections).Select(i => StreamingClient.SpdyForwardAsync(session, i % 2 == 0 ? 8080 : 8081, i, HttpGet)));
        Assert.All(answers, a =>
        {
            Assert.Equal("", a.Error);
            Assert.Contains("<html>hello from the pod</html>", Encoding.ASCII.GetString(a.Data), StringComparison.Ordinal);
        });

        var closed = await StreamingClient.SpdyForwardAsync(session, 9, connections + 100, HttpGet);
        Assert.Contains("port 9", closed.Error, StringComparison.Ordinal);
    }
}
