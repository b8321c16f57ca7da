using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Fixtures;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>
/// A container's shim killed with SIGKILL while the daemon runs: the daemon notices at once (no status call needed),
/// kills the orphaned container and reports its exit (137, reason ShimLost) with a GetContainerEvents STOPPED event;
/// the same after a daemon restart for a shim killed while the daemon was down (root only).
/// </summary>
[Collection(ImageCollection.Name)]
public sealed class ShimLossTests(TestImages images) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-shimloss-").FullName;
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
        await _daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = Image } });
    }

    public async Task DisposeAsync()
    {
        if (!_daemon.HasExited)
        {
            foreach (var pod in (await _daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
            {
                await _daemon.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
                await _daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            }
        }

        await _daemon.DisposeAsync();
    }

    private string Image => $"{images.Host}/test/busybox:1.0";

    [Fact]
    public async Task A_shim_killed_while_the_daemon_runs_is_the_containers_exit_with_a_stopped_event()
    {
        var (pod, id, init) = await RunContainerAsync("lost");
        using var events = _daemon.Runtime.GetContainerEvents(new GetEventsRequest());
        var stopped = NextStoppedAsync(events, id);
        // The subscription is registered on the server once the first event could be delivered: give it a moment.
        await Task.Delay(500);

        Kill(ShimOf(id));

        var message = await stopped.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(pod, message.PodSandboxStatus.Id);
        var status = (await _daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
        Assert.Equal(ContainerState.ContainerExited, status.State);
        Assert.Equal(137, status.ExitCode);
        Assert.Equal("ShimLost", status.Reason);
        Assert.Contains("shim", status.Message, StringComparison.Ordinal);
        await Wait.Until(() => !Directory.Exists($"/proc/{init}"), $"the container's process {init} outlived its shim");

        // The exited container is removed as any other.
        await _daemon.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        Assert.Empty((await _daemon.Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { Id = id } })).Containers);
    }

    [Fact]
    public async Task A_shim_killed_while_the_daemon_was_down_is_noticed_at_the_restart()
    {
        var (_, id, init) = await RunContainerAsync("lost-down");
        // The killed daemon's object is dropped without Dispose: that would delete the directory under the containers.
        _daemon.Signal(Tmds.Linux.LibC.SIGKILL);
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Kill(ShimOf(id));
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);

        await Wait.Until(
            async () => (await _daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status.State == ContainerState.ContainerExited,
            "the container is still reported running");
        var status = (await _daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
        Assert.Equal(137, status.ExitCode);
        Assert.Equal("ShimLost", status.Reason);
        await Wait.Until(() => !Directory.Exists($"/proc/{init}"), $"the container's process {init} outlived its shim");
    }

    private async Task<(string Pod, string Id, int InitPid)> RunContainerAsync(string name)
    {
        var podConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "shimloss-it", Uid = Guid.NewGuid().ToString("N") },
            LogDirectory = Path.Combine(_dir, "logs", name),
            Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
        };
        var pod = (await _daemon.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "c" },
            Image = new ImageSpec { Image = Image },
            LogPath = "c.log",
            Command = { "sleep", "3600" },
        };
        var id = (await _daemon.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await _daemon.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var status = await _daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true });
        Assert.Equal(ContainerState.ContainerRunning, status.Status.State);
        var pid = System.Text.Json.Nodes.JsonNode.Parse(status.Info["info"])!["pid"]!.GetValue<int>();
        Assert.True(pid > 0);
        return (pod, id, pid);
    }

    private static async Task<ContainerEventResponse> NextStoppedAsync(AsyncServerStreamingCall<ContainerEventResponse> events, string id)
    {
        while (await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (events.ResponseStream.Current is { ContainerEventType: ContainerEventType.ContainerStoppedEvent } e && e.ContainerId == id)
            {
                return e;
            }
        }

        throw new InvalidOperationException("the event stream ended");
    }

    /// <summary>The shim monitor of a container: the process whose command line is <c>criruntime-shim run --id ID ...</c>.</summary>
    private static int ShimOf(string id)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (args.Length > 3 && Path.GetFileName(args[0]) == "criruntime-shim" && args[1] == "run" && args[2] == "--id" && args[3] == id)
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }

        throw new InvalidOperationException($"no shim runs for container {id}");
    }

    private static void Kill(int pid) => Assert.Equal(0, Tmds.Linux.LibC.kill(pid, Tmds.Linux.LibC.SIGKILL));
}
