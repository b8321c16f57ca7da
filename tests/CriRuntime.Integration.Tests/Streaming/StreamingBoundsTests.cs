using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.Integration.Tests.Pods;
using CriRuntime.TestSupport.Streaming;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Streaming;

/// <summary>
/// The streaming server's time bounds and clean-up, on a daemon of its own with short timeouts (handshake 1 s, idle
/// 2 s): a client that never opens its streams or never finishes its request headers is cut off, an idle session ends
/// and its process is killed, and clients that vanish mid-stream leave no process, daemon fd or shim connection
/// behind (root only).
/// </summary>
[Collection(ImageCollection.Name)]
public sealed partial class StreamingBoundsTests(TestImages images) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-stream-bounds-").FullName;
    private DaemonProcess _daemon = null!;
    private string _sleeper = "";
    private string _reader = "";

    private RuntimeService.RuntimeServiceClient Runtime => _daemon.Runtime;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "cni"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "cni", "10-lo.conflist"), """{"cniVersion":"1.0.0","name":"lo","plugins":[{"type":"loopback"}]}""");
        _daemon = await DaemonProcess.StartAsync($"""
            [runtime]
            shim_path = "{Shim.ShimBinary.Path}"
            [streaming]
            handshake_timeout = "1s"
            idle_timeout = "2s"
            """, _dir);
        var image = $"{images.Host}/test/busybox:1.0";
        await _daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } });
        var pod = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "bounds", Namespace = "stream-it", Uid = Guid.NewGuid().ToString("N") },
            LogDirectory = Path.Combine(_dir, "logs"),
            Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
        };
        var podId = (await Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod })).PodSandboxId;
        async Task<string> Start(string name, bool stdin, params string[] command)
        {
            var config = new ContainerConfig { Metadata = new ContainerMetadata { Name = name }, Image = new ImageSpec { Image = image }, LogPath = name + ".log", Stdin = stdin };
            config.Command.AddRange(command);
            var id = (await Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod })).ContainerId;
            await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            return id;
        }

        _sleeper = await Start("sleeper", false, "sleep", "3600");
        _reader = await Start("reader", true, "sh", "-c", "while read line; do echo got:$line; done");
    }

    public async Task DisposeAsync()
    {
        if (!_daemon.HasExited)
        {
            foreach (var pod in (await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
            {
                await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
                await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            }
        }

        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task A_client_that_never_opens_its_streams_is_cut_off_after_the_handshake_timeout_and_nothing_runs()
    {
        var before = await RefusalsAsync("handshake_timeout");
        var marker = $"/tmp/handshake-{Guid.NewGuid():N}";
        var url = (await Runtime.ExecAsync(new ExecRequest { ContainerId = _sleeper, Cmd = { "touch", marker }, Stdout = true })).Url;
        var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "v4.channel.k8s.io");
        Assert.Equal(101, status);
        await using (session)
        {
            await EndedAsync(session!.Reading, TimeSpan.FromSeconds(10), "the server kept a session whose streams never came");
        }

        Assert.Equal(before + 1, await RefusalsAsync("handshake_timeout"));
        var check = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = _sleeper, Cmd = { "test", "-e", marker }, Timeout = 10 });
        Assert.Equal(1, check.ExitCode);
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_request_headers_is_disconnected()
    {
        var url = new Uri((await Runtime.ExecAsync(new ExecRequest { ContainerId = _sleeper, Cmd = { "true" }, Stdout = true })).Url);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n"));

        // Kestrel answers 408 or just closes; either way the connection ends and nothing more is read from it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task An_idle_session_ends_after_the_idle_timeout_and_its_process_is_killed()
    {
        var before = await RefusalsAsync("idle_timeout");
        var marker = (7000 + Random.Shared.Next(999)).ToString(CultureInfo.InvariantCulture);
        var url = (await Runtime.ExecAsync(new ExecRequest { ContainerId = _sleeper, Cmd = { "sleep", marker + "3" }, Stdin = true, Stdout = true, Stderr = true })).Url;
        var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "v4.channel.k8s.io");
        Assert.Equal(101, status);
        await using (session)
        {
            await session!.OpenAsync(("streamType", "error"));
            await session.OpenAsync(("streamType", "stdin"));
            await session.OpenAsync(("streamType", "stdout"));
            await session.OpenAsync(("streamType", "stderr"));
            await Wait.Until(() => Processes.WithCommandLine($"sleep {marker}3").Count == 1, "the exec'd sleep did not start");

            await EndedAsync(session.Reading, TimeSpan.FromSeconds(15), "the idle session was not ended");
        }

        await Wait.Until(() => Processes.WithCommandLine($"sleep {marker}3").Count == 0, "the idle session's sleep is still running");
        Assert.Equal(before + 1, await RefusalsAsync("idle_timeout"));
    }

    [Fact]
    public async Task Clients_that_vanish_mid_stream_leave_no_process_daemon_fd_or_shim_connection()
    {
        // One finished session first, so that what the first one loads (assemblies, Kestrel's pools) is in the baseline.
        Assert.Equal(0, (await StreamingClient.SpdyRemoteCommandAsync(await ExecUrlAsync("true"), new RemoteCommandRun())).ExitCode);
        await VanishAsync(await AttachUrlAsync(), stdin: true);
        var baseline = DaemonFdTests.OpenFds(_daemon.Pid);

        for (var i = 0; i < 3; i++)
        {
            var marker = (8000 + Random.Shared.Next(999)).ToString(CultureInfo.InvariantCulture);
            await VanishAsync(await ExecUrlAsync("sh", "-c", $"echo started; exec sleep {marker}1"), stdin: false);
            await Wait.Until(() => Processes.WithCommandLine($"sleep {marker}1").Count == 0, "the exec'd sleep outlived its client");
            await VanishAsync(await AttachUrlAsync(), stdin: true);
        }

        await Wait.Until(() => Processes.ChildrenOf(_daemon.Pid).Count == 0, "the daemon still has a child process (runc exec)");
        await Wait.Until(
            () => DaemonFdTests.OpenFds(_daemon.Pid).Count <= baseline.Count + 2,
            $"the daemon's fds grew from {baseline.Count}: {DaemonFdTests.Describe(baseline, DaemonFdTests.OpenFds(_daemon.Pid))}");

        // The container's stdin still works for the next attacher: the vanished ones let go of it.
        var result = await StreamingClient.SpdyRemoteCommandAsync(await AttachUrlAsync(), new RemoteCommandRun { Stdin = true, Stderr = false, Input = Encoding.ASCII.GetBytes("after\n"), CloseStdin = false });
        Assert.Contains("got:after", result.StdoutText, StringComparison.Ordinal);
    }

    /// <summary>Opens a session, waits for its first output (exec) or a moment (attach), then drops the TCP connection.</summary>
    private static async Task VanishAsync(string url, bool stdin)
    {
        var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "v4.channel.k8s.io");
        Assert.Equal(101, status);
        await session!.OpenAsync(("streamType", "error"));
        if (stdin)
        {
            await session.OpenAsync(("streamType", "stdin"));
        }

        var stdout = await session.OpenAsync(("streamType", "stdout"));
        if (!stdin)
        {
            await session.OpenAsync(("streamType", "stderr"));
            await Wait.Until(() => session.Received(stdout).Length > 0, "the exec'd command wrote nothing");
        }
        else
        {
            await Task.Delay(300);
        }

        await session.DisposeAsync();
    }

    private async Task<string> ExecUrlAsync(params string[] command) =>
        (await Runtime.ExecAsync(new ExecRequest { ContainerId = _sleeper, Cmd = { command }, Stdout = true, Stderr = true })).Url;

    private async Task<string> AttachUrlAsync() =>
        (await Runtime.AttachAsync(new AttachRequest { ContainerId = _reader, Stdin = true, Stdout = true })).Url;

    private static async Task EndedAsync(Task reading, TimeSpan within, string message)
    {
        try
        {
            await reading.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail(message);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary><c>criruntime_stream_refusals_total{reason="REASON"}</c> from the daemon's metrics endpoint (0 before the first).</summary>
    private async Task<double> RefusalsAsync(string reason)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{_daemon.MetricsPort}/metrics");
        var match = Regex.Match(text, $"(?m)^criruntime_stream_refusals_total\\{{reason=\"{reason}\"\\}} (\\S+)$");
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
