using System.Net;
using System.Net.Sockets;
using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Pods;
using CriRuntime.Integration.Tests.Shim;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Streaming;

/// <summary>
/// One criruntimed (tokens live 3s, at most 6 streaming sessions) with busybox from a loopback registry, a pod on a
/// loopback-only CNI network running a long-lived container and two busybox httpd servers (ports 8080 and 8081),
/// and a host-network pod whose httpd listens on a free loopback port of the host.
/// </summary>
public sealed class StreamingFixture : IAsyncLifetime
{
    public const int MaxSessions = 6;

    private RegistryProcess _registry = null!;

    public DaemonProcess Daemon { get; private set; } = null!;

    public string Dir { get; private set; } = "";

    public string Image { get; private set; } = "";

    /// <summary>A running container that sleeps (exec target).</summary>
    public string Sleeper { get; private set; } = "";

    public string WebPod { get; private set; } = "";

    public string HostPod { get; private set; } = "";

    public int HostPort { get; private set; }

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        using (var push = new RegistryPusher(_registry.BaseUri))
        {
            await push.PushImageAsync("streaming/busybox", new ImageBuilder().Layer(BusyboxLayer.Create().Build()), "1.0");
        }

        Image = $"{_registry.Host}/streaming/busybox:1.0";
        Dir = Directory.CreateTempSubdirectory("criruntime-stream-it-").FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "cni"));
        await File.WriteAllTextAsync(Path.Combine(Dir, "cni", "10-lo.conflist"), """{"cniVersion":"1.0.0","name":"lo","plugins":[{"type":"loopback"}]}""");
        Daemon = await DaemonProcess.StartAsync($"""
            [runtime]
            shim_path = "{ShimBinary.Path}"
            [streaming]
            token_ttl = "3s"
            max_sessions = {MaxSessions}
            """, Dir);
        await Daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = Image } });

        const string Serve = "mkdir -p /www && echo '<html>hello from the pod</html>' > /www/index.html && ";
        var pod = WebPodConfig = PodConfig("stream");
        WebPod = (await Daemon.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod })).PodSandboxId;
        Sleeper = await StartAsync(WebPod, pod, "sleeper", "/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait");
        await StartAsync(WebPod, pod, "web", "/bin/sh", "-c", Serve + "httpd -p 8080 -h /www && exec httpd -f -p 8081 -h /www");

        for (var i = 0; i < 100 && (await Daemon.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = Sleeper, Cmd = { "sh", "-c", "wget -q -O /dev/null http://127.0.0.1:8080/ && wget -q -O /dev/null http://127.0.0.1:8081/" }, Timeout = 5 })).ExitCode != 0; i++)
        {
            await Task.Delay(100);
        }

        HostPort = FreeLoopbackPort();
        var hostPod = PodConfig("stream-host");
        hostPod.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } };
        HostPod = (await Daemon.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = hostPod })).PodSandboxId;
        await StartAsync(HostPod, hostPod, "hostweb", "/bin/sh", "-c", Serve + $"exec httpd -f -p 127.0.0.1:{HostPort} -h /www");
        await WaitListeningAsync(HostPort);
    }

    public async Task DisposeAsync()
    {
        if (!Daemon.HasExited)
        {
            foreach (var pod in (await Daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
            {
                await Daemon.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
                await Daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            }
        }

        await Daemon.DisposeAsync();
        _registry.Dispose();
    }

    public PodSandboxConfig WebPodConfig { get; private set; } = null!;

    public Task<string> StartAsync(string podId, PodSandboxConfig pod, string name, params string[] command) =>
        StartAsync(podId, pod, new ContainerConfig { Metadata = new ContainerMetadata { Name = name } }, command);

    public async Task<string> StartAsync(string podId, PodSandboxConfig pod, ContainerConfig config, params string[] command)
    {
        config.Image = new ImageSpec { Image = Image };
        config.LogPath = config.Metadata.Name + ".log";
        config.Command.AddRange(command);
        var id = (await Daemon.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod })).ContainerId;
        await Daemon.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        return id;
    }

    public PodSandboxConfig PodConfig(string name) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "stream-it", Uid = Guid.NewGuid().ToString("N") },
        Hostname = name,
        LogDirectory = Path.Combine(Dir, "logs", name),
        Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
    };

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitListeningAsync(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nothing listens on 127.0.0.1:{port}");
    }
}
