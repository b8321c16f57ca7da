using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Fixtures;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>
/// The faults users reported (issue 13), each as a kind, through the real criruntimed over CRI with runc, the shim and
/// busybox from a loopback registry (root only).
/// </summary>
public sealed class ReportedFaultTests : IAsyncLifetime
{
    private RegistryProcess _registry = null!;
    private DaemonProcess _daemon = null!;
    private string _dir = "";
    private string _image = "";

    private RuntimeService.RuntimeServiceClient Runtime => _daemon.Runtime;

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        using (var push = new RegistryPusher(_registry.BaseUri))
        {
            await push.PushImageAsync("faults/busybox", new ImageBuilder().Layer(BusyboxLayer.Create().Build()), "1.0");
        }

        _image = $"{_registry.Host}/faults/busybox:1.0";
        _dir = Directory.CreateTempSubdirectory("criruntime-faults-").FullName;
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
        await _daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = _image } });
    }

    public async Task DisposeAsync()
    {
        foreach (var pod in (await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
        {
            await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
        }

        await _daemon.DisposeAsync();
        _registry.Dispose();
    }

    [Fact]
    public async Task Runtime_provided_files_are_read_only_in_a_read_only_root_and_not_shared_writable()
    {
        var (pod, podConfig) = await RunPodAsync("readonly");
        var readOnly = ContainerConfig("ro", "/bin/sleep", "3600");
        readOnly.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { ReadonlyRootfs = true } };
        var ro = await StartAsync(pod, podConfig, readOnly);
        var rw = await StartAsync(pod, podConfig, ContainerConfig("rw", "/bin/sleep", "3600"));

        foreach (var file in new[] { "/etc/resolv.conf", "/etc/hosts", "/etc/hostname" })
        {
            var write = await ExecAsync(ro, $"echo injected-{Path.GetFileName(file)} >> {file}");
            Assert.NotEqual(0, write.ExitCode);
            Assert.Contains("Read-only file system", write.Stderr.ToStringUtf8(), StringComparison.Ordinal);
            var seen = await ExecAsync(rw, $"cat {file}");
            Assert.Equal(0, seen.ExitCode);
            Assert.DoesNotContain("injected", seen.Stdout.ToStringUtf8(), StringComparison.Ordinal);
        }

        // The rest of the read-only root is read-only too, and the writable neighbour still owns its files.
        Assert.NotEqual(0, (await ExecAsync(ro, "touch /tmp/x")).ExitCode);
        Assert.Equal(0, (await ExecAsync(rw, "touch /tmp/x")).ExitCode);
    }

    [Fact]
    public async Task A_missing_bind_host_path_is_created_and_unusable_ones_are_InvalidArgument_naming_the_path()
    {
        var (pod, podConfig) = await RunPodAsync("binds");
        var missing = Path.Combine(_dir, "volumes", "made", "here");
        var config = ContainerConfig("bind", "/bin/sleep", "3600");
        config.Mounts.Add(new Mount { HostPath = missing, ContainerPath = "/data" });
        var id = await StartAsync(pod, podConfig, config);
        Assert.True(Directory.Exists(missing));
        Assert.Equal(0, (await ExecAsync(id, "echo hi > /data/f")).ExitCode);
        Assert.Equal("hi\n", await File.ReadAllTextAsync(Path.Combine(missing, "f")));

        var file = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(file, "x");
        foreach (var (hostPath, containerPath, code) in new[]
        {
            (Path.Combine(file, "below"), "/data", StatusCode.InvalidArgument),
            ("relative/dir", "/data", StatusCode.InvalidArgument),
            (missing, "data", StatusCode.InvalidArgument),
        })
        {
            var bad = ContainerConfig("bad", "/bin/sleep", "3600");
            bad.Mounts.Add(new Mount { HostPath = hostPath, ContainerPath = containerPath });
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
                await Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = bad, SandboxConfig = podConfig }));
            Assert.Equal(code, error.StatusCode);
            Assert.Contains(hostPath == missing ? containerPath : hostPath, error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(_dir, "relative")));
        Assert.Single((await Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod } })).Containers);
    }

    [Fact]
    public async Task ExecSync_returns_when_the_command_exits_whatever_its_background_children_hold()
    {
        var (pod, podConfig) = await RunPodAsync("execbg");
        var id = await StartAsync(pod, podConfig, ContainerConfig("c", "/bin/sleep", "3600"));

        // With a 120 s timeout a call held by the child's pipes would end in DeadlineExceeded with no output.
        var started = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sh", "-c", "sleep 300 & echo started" }, Timeout = 120 });
        Assert.Equal(0, started.ExitCode);
        Assert.Equal("started\n", started.Stdout.ToStringUtf8());
        var failed = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sh", "-c", "sleep 300 & echo oops >&2; exit 7" } });
        Assert.Equal(7, failed.ExitCode);
        Assert.Equal("oops\n", failed.Stderr.ToStringUtf8());
        var killed = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sh", "-c", "kill -9 $$" }, Timeout = 60 });
        Assert.Equal(137, killed.ExitCode);

        // The exec'd process's own end is still what counts: a timeout still kills it and says so.
        var timeout = await Assert.ThrowsAsync<RpcException>(async () =>
            await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sleep", "30" }, Timeout = 1 }));
        Assert.Equal(StatusCode.DeadlineExceeded, timeout.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/no/such/command" }, Timeout = 30 }));
        Assert.NotEqual(StatusCode.DeadlineExceeded, missing.StatusCode);
    }

    [Fact]
    public async Task StopContainer_of_a_created_container_keeps_it_created_and_startable()
    {
        var (pod, podConfig) = await RunPodAsync("stopcreated");
        var id = (await Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = ContainerConfig("c", "/bin/sleep", "3600"), SandboxConfig = podConfig })).ContainerId;

        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 2 });
        Assert.Equal(ContainerState.ContainerCreated, (await Status(id)).State);

        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        Assert.Equal(ContainerState.ContainerRunning, (await Status(id)).State);
        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 2 });
        Assert.Equal(ContainerState.ContainerExited, (await Status(id)).State);
    }

    [Fact]
    public async Task A_failed_CreateContainer_leaves_no_log_file_and_no_container()
    {
        var (pod, podConfig) = await RunPodAsync("nolog");
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = ContainerConfig("missing", "/no/such/binary"), SandboxConfig = podConfig }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("/no/such/binary", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(podConfig.LogDirectory, "missing.log")), "the log file of the failed create is left behind");
        Assert.Empty((await Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod } })).Containers);
    }

    private async Task<(string Id, PodSandboxConfig Config)> RunPodAsync(string name)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "faults-it", Uid = Guid.NewGuid().ToString("N") },
            Hostname = name,
            LogDirectory = Path.Combine(_dir, "logs", name),
            DnsConfig = new DNSConfig { Servers = { "10.96.0.10" }, Searches = { "faults-it.svc.cluster.local" } },
            Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
        };
        return ((await Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config })).PodSandboxId, config);
    }

    private ContainerConfig ContainerConfig(string name, params string[] command)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = _image },
            LogPath = name + ".log",
        };
        config.Command.AddRange(command);
        return config;
    }

    private async Task<string> StartAsync(string pod, PodSandboxConfig podConfig, ContainerConfig config)
    {
        var id = (await Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        return id;
    }

    private async Task<ExecSyncResponse> ExecAsync(string id, string script) =>
        await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sh", "-c", script }, Timeout = 60 });

    private async Task<Runtime.V1.ContainerStatus> Status(string id) =>
        (await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
}
