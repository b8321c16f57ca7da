using System.Globalization;
using System.Text;
using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.TestSupport.Streaming;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Streaming;

/// <summary>
/// Exec and port-forward through the real daemon's streaming server, over SPDY/3.1 and WebSocket, against real
/// containers (root only): output, exit codes, stdin, terminals, tokens, disconnects, the session cap.
/// </summary>
public sealed partial class StreamingTests(StreamingFixture fixture) : IClassFixture<StreamingFixture>
{
    private static readonly byte[] HttpGet = Encoding.ASCII.GetBytes("GET /index.html HTTP/1.0\r\n\r\n");

    public static TheoryData<string, string> Transports => new()
    {
        { "spdy", "v4.channel.k8s.io" },
        { "spdy", "v3.channel.k8s.io" },
        { "spdy", "v2.channel.k8s.io" },
        { "spdy", "channel.k8s.io" },
        { "websocket", "v5.channel.k8s.io" },
        { "websocket", "v4.channel.k8s.io" },
        { "websocket", "v4.base64.channel.k8s.io" },
    };

    private RuntimeService.RuntimeServiceClient Runtime => fixture.Daemon.Runtime;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Exec_delivers_stdout_and_stderr_and_reports_the_exit_code(string transport, string protocol)
    {
        var result = await ExecAsync(transport, new RemoteCommandRun { Protocol = protocol }, "sh", "-c", "echo out; echo err >&2; exit 3");

        Assert.Equal(101, result.HttpStatus);
        Assert.Equal("out\n", result.StdoutText);
        Assert.Equal("err\n", result.StderrText);
        if (protocol.StartsWith("v4.", StringComparison.Ordinal) || protocol.StartsWith("v5.", StringComparison.Ordinal))
        {
            Assert.Equal(3, result.ExitCode);
            Assert.Equal(0, (await ExecAsync(transport, new RemoteCommandRun { Protocol = protocol }, "true")).ExitCode);
        }
        else
        {
            Assert.Contains("exit code 3", result.Error, StringComparison.Ordinal);
            Assert.Equal("", (await ExecAsync(transport, new RemoteCommandRun { Protocol = protocol }, "true")).Error);
        }
    }

    [Theory]
    [InlineData("spdy", "v4.channel.k8s.io")]
    [InlineData("websocket", "v5.channel.k8s.io")]
    [InlineData("websocket", "v5.base64.channel.k8s.io")]
    public async Task Stdin_reaches_the_process_and_closing_it_ends_cat(string transport, string protocol)
    {
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello stdin\n", 20_000)));
        var result = await ExecAsync(transport, new RemoteCommandRun { Protocol = protocol, Stdin = true, Input = input }, "cat");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input.Length, result.Stdout.Length);
        Assert.True(input.AsSpan().SequenceEqual(result.Stdout));
    }

    [Theory]
    [InlineData("spdy", "v4.channel.k8s.io")]
    [InlineData("websocket", "v5.channel.k8s.io")]
    public async Task A_tty_exec_gets_the_terminal_size_and_a_terminal(string transport, string protocol)
    {
        var run = new RemoteCommandRun { Protocol = protocol, Tty = true, Stderr = false, Size = (123, 45) };
        var result = await ExecAsync(transport, run, "sh", "-c", "stty size; [ -t 0 ] && echo is-a-tty; exit 5");

        Assert.Contains("45 123", result.StdoutText, StringComparison.Ordinal);
        Assert.Contains("is-a-tty", result.StdoutText, StringComparison.Ordinal);
        Assert.Equal(5, result.ExitCode);
    }

    [Fact]
    public async Task Tokens_are_single_use_unknown_ones_get_404_and_they_expire()
    {
        var url = await ExecUrlAsync(false, "true");
        Assert.Equal(0, (await StreamingClient.SpdyRemoteCommandAsync(url, new RemoteCommandRun())).ExitCode);
        Assert.Equal(404, (await StreamingClient.SpdyRemoteCommandAsync(url, new RemoteCommandRun())).HttpStatus);
        Assert.Equal(404, (await StreamingClient.WebSocketRemoteCommandAsync(url, new RemoteCommandRun())).HttpStatus);

        var forged = url[..(url.LastIndexOf('/') + 1)] + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        Assert.Equal(404, (await StreamingClient.SpdyRemoteCommandAsync(forged, new RemoteCommandRun())).HttpStatus);

        // An exec URL is not a port-forward URL.
        var crossed = (await ExecUrlAsync(false, "true")).Replace("/exec/", "/portforward/", StringComparison.Ordinal);
        Assert.Equal(404, (await StreamingClient.SpdyRemoteCommandAsync(crossed, new RemoteCommandRun())).HttpStatus);

        var marker = $"/tmp/expired-{Guid.NewGuid():N}";
        var expiring = await ExecUrlAsync(false, "touch", marker);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(404, (await StreamingClient.SpdyRemoteCommandAsync(expiring, new RemoteCommandRun())).HttpStatus);
        var check = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = fixture.Sleeper, Cmd = { "test", "-e", marker }, Timeout = 10 });
        Assert.Equal(1, check.ExitCode);
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_stream_gets_its_process_killed()
    {
        var marker = (6000 + Random.Shared.Next(999)).ToString(CultureInfo.InvariantCulture);
        var url = await ExecUrlAsync(false, "sh", "-c", $"echo started; exec sleep {marker}1");
        var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "v4.channel.k8s.io");
        Assert.Equal(101, status);
        await session!.OpenAsync(("streamType", "error"));
        var stdout = await session.OpenAsync(("streamType", "stdout"));
        await session.OpenAsync(("streamType", "stderr"));
        for (var i = 0; i < 200 && session.Received(stdout).Length == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal("started\n", Encoding.ASCII.GetString(session.Received(stdout)));
        Assert.NotEmpty(Processes.WithCommandLine($"sleep {marker}1"));
        await session.DisposeAsync();

        await Wait.Until(() => Processes.WithCommandLine($"sleep {marker}1").Count == 0, "the exec'd sleep is still running");
        await Wait.Until(() => Processes.ChildrenOf(fixture.Daemon.Pid).Count == 0, "the daemon still has a child process (runc exec)");
    }

    [Fact]
    public async Task Sessions_past_the_cap_are_refused_with_429()
    {
        var held = new List<SpdyClientSession>();
        try
        {
            for (var i = 0; i < StreamingFixture.MaxSessions; i++)
            {
                var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(await ExecUrlAsync(true, "cat")), "v4.channel.k8s.io");
                Assert.Equal(101, status);
                held.Add(session!);
            }

            var refused = await SpdyClientSession.ConnectAsync(new Uri(await ExecUrlAsync(false, "true")), "v4.channel.k8s.io");
            Assert.Equal(429, refused.Status);
        }
        finally
        {
            foreach (var session in held)
            {
                await session.DisposeAsync();
            }
        }

        await Wait.Until(async () => (await ExecAsync("spdy", new RemoteCommandRun(), "true")).ExitCode == 0, "sessions were not released");
    }

    [Fact]
    public async Task Exec_requests_are_validated_before_a_url_is_issued()
    {
        async Task<StatusCode> Code(ExecRequest request) => (await Assert.ThrowsAsync<RpcException>(async () => await Runtime.ExecAsync(request))).StatusCode;

        Assert.Equal(StatusCode.InvalidArgument, await Code(new ExecRequest { ContainerId = fixture.Sleeper, Cmd = { "true" }, Tty = true, Stdout = true, Stderr = true }));
        Assert.Equal(StatusCode.InvalidArgument, await Code(new ExecRequest { ContainerId = fixture.Sleeper, Cmd = { "true" } }));
        Assert.Equal(StatusCode.InvalidArgument, await Code(new ExecRequest { ContainerId = fixture.Sleeper, Stdout = true }));
        Assert.Equal(StatusCode.NotFound, await Code(new ExecRequest { ContainerId = "0123456789abcdef0123", Cmd = { "true" }, Stdout = true }));
        var missingPod = await Assert.ThrowsAsync<RpcException>(async () => await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = "0123456789abcdef0123" }));
        Assert.Equal(StatusCode.NotFound, missingPod.StatusCode);
    }

    [Theory]
    [InlineData("spdy", "v4.channel.k8s.io")]
    [InlineData("websocket", "v5.channel.k8s.io")]
    public async Task Attach_feeds_stdin_and_shows_output_that_the_log_keeps_too(string transport, string protocol)
    {
        var name = "attach-" + transport;
        var id = await fixture.StartAsync(fixture.WebPod, fixture.WebPodConfig, new ContainerConfig { Metadata = new ContainerMetadata { Name = name }, Stdin = true }, "sh", "-c", "read line; echo got:$line; echo oops >&2");
        var url = (await Runtime.AttachAsync(new AttachRequest { ContainerId = id, Stdin = true, Stdout = true, Stderr = true })).Url;
        var run = new RemoteCommandRun { Protocol = protocol, Stdin = true, Input = Encoding.ASCII.GetBytes("hello attach\n"), CloseStdin = false };
        var result = transport == "spdy" ? await StreamingClient.SpdyRemoteCommandAsync(url, run) : await StreamingClient.WebSocketRemoteCommandAsync(url, run);

        Assert.Equal("got:hello attach\n", result.StdoutText);
        Assert.Equal("oops\n", result.StderrText);
        Assert.Equal(0, result.ExitCode);
        var log = await File.ReadAllTextAsync(Path.Combine(fixture.WebPodConfig.LogDirectory, name + ".log"));
        Assert.Matches(@"(?m)^\S+ stdout F got:hello attach$", log);
    }

    [Fact]
    public async Task Stdin_once_closes_the_containers_stdin_when_the_first_attacher_leaves()
    {
        var config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "once" }, Stdin = true, StdinOnce = true };
        var id = await fixture.StartAsync(fixture.WebPod, fixture.WebPodConfig, config, "sh", "-c", "cat; echo stdin-ended; sleep 600");
        var url = (await Runtime.AttachAsync(new AttachRequest { ContainerId = id, Stdin = true, Stdout = true })).Url;
        await StreamingClient.SpdyRemoteCommandAsync(url, new RemoteCommandRun { Stdin = true, Stderr = false, Input = Encoding.ASCII.GetBytes("typed\n") });

        var log = Path.Combine(fixture.WebPodConfig.LogDirectory, "once.log");
        await Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("stdin-ended", StringComparison.Ordinal), "the container's stdin was not closed");
        Assert.Contains("typed", await File.ReadAllTextAsync(log), StringComparison.Ordinal);

        var noStdin = await fixture.StartAsync(fixture.WebPod, fixture.WebPodConfig, "no-stdin", "sleep", "600");
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Runtime.AttachAsync(new AttachRequest { ContainerId = noStdin, Stdin = true, Stdout = true }));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task Port_forward_over_spdy_carries_20_parallel_connections_over_2_ports()
    {
        var url = (await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.WebPod, Port = { 8080, 8081 } })).Url;
        var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "portforward.k8s.io");
        Assert.Equal(101, status);
        await using (session)
        {
            await ForwardsOverTwoPortsAsync(session!, 20);
        }
    }

    [Fact]
    public async Task Port_forward_over_websocket_gives_each_port_its_channels()
    {
        var url = (await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.WebPod })).Url;
        var channels = await StreamingClient.WebSocketForwardAsync(url, [8080, 8081], HttpGet);

        Assert.Contains("<html>hello from the pod</html>", Encoding.ASCII.GetString(channels[0]), StringComparison.Ordinal);
        Assert.Contains("<html>hello from the pod</html>", Encoding.ASCII.GetString(channels[2]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_forward_reaches_a_pod_in_host_network()
    {
        var url = (await Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = fixture.HostPod })).Url;
        var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "portforward.k8s.io");
        Assert.Equal(101, status);
        await using (session)
        {
            var answer = await StreamingClient.SpdyForwardAsync(session!, fixture.HostPort, 1, HttpGet);
            Assert.Equal("", answer.Error);
            Assert.Contains("<html>hello from the pod</html>", Encoding.ASCII.GetString(answer.Data), StringComparison.Ordinal);
        }
    }

    private async Task<RemoteCommandResult> ExecAsync(string transport, RemoteCommandRun run, params string[] command)
    {
        var url = (await Runtime.ExecAsync(new ExecRequest
        {
            ContainerId = fixture.Sleeper,
            Cmd = { command },
            Tty = run.Tty,
            Stdin = run.Stdin,
            Stdout = run.Stdout,
            Stderr = run.Stderr,
        })).Url;
        return transport == "spdy" ? await StreamingClient.SpdyRemoteCommandAsync(url, run) : await StreamingClient.WebSocketRemoteCommandAsync(url, run);
    }

    private async Task<string> ExecUrlAsync(bool stdin, params string[] command) =>
        (await Runtime.ExecAsync(new ExecRequest { ContainerId = fixture.Sleeper, Cmd = { command }, Stdin = stdin, Stdout = true, Stderr = true })).Url;
}
