using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.Linux.Namespaces;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Pods through the real criruntimed over CRI: busybox pulled from a loopback registry, runc, the shim (root only).</summary>
public sealed partial class DaemonPodTests : IAsyncLifetime
{
    private RegistryProcess _registry = null!;
    private DaemonProcess _daemon = null!;
    private string _dir = "";
    private string _image = "";

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        using (var push = new RegistryPusher(_registry.BaseUri))
        {
            await push.PushImageAsync("pods/busybox", new ImageBuilder().Layer(BusyboxLayer.Create().Build()), "1.0");
        }

        _image = $"{_registry.Host}/pods/busybox:1.0";
        _dir = Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        // Containers in a pod's user namespace run as an unprivileged host id, which must reach their root (0711: no listing).
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
        await _daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = _image } });
    }

    public async Task DisposeAsync()
    {
        if (!_daemon.HasExited)
        {
            foreach (var pod in (await _daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
            {
                await _daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            }
        }

        await _daemon.DisposeAsync();
        _registry.Dispose();
    }

    [Fact]
    public async Task A_pod_runs_echo_and_everything_goes_away_again()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("lifecycle");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var created = (await runtime.CreateContainerAsync(new CreateContainerRequest
        {
            PodSandboxId = pod,
            Config = ContainerConfig("echo", "/bin/sh", "-c", "echo hello; echo oops >&2"),
            SandboxConfig = podConfig,
        })).ContainerId;
        Assert.Equal(ContainerState.ContainerCreated, (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = created })).Status.State);

        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = created });
        var status = await WaitExitedAsync(created);

        Assert.Equal(0, status.ExitCode);
        Assert.Equal("Completed", status.Reason);
        Assert.Equal(_image, status.Image.Image);
        Assert.StartsWith("sha256:", status.ImageId, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(podConfig.LogDirectory, "echo.log"), status.LogPath);
        var log = await File.ReadAllTextAsync(status.LogPath);
        Assert.Matches(@"(?m)^\S+ stdout F hello$", log);
        Assert.Matches(@"(?m)^\S+ stderr F oops$", log);

        var listed = await runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod, State = new ContainerStateValue { State = ContainerState.ContainerExited } } });
        Assert.Equal(created, Assert.Single(listed.Containers).Id);
        var podStatus = await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod, Verbose = true });
        Assert.Equal(PodSandboxState.SandboxReady, podStatus.Status.State);
        Assert.Equal("lifecycle", podStatus.Status.Metadata.Name);
        Assert.Contains("info", podStatus.Info.Keys);

        await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = created, Timeout = 1 });
        await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = created });
        await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = created });
        await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod });
        await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod });
        Assert.Equal(PodSandboxState.SandboxNotready, (await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod })).Status.State);
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = created }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var missingPod = await Assert.ThrowsAsync<RpcException>(async () => await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod }));
        Assert.Equal(StatusCode.NotFound, missingPod.StatusCode);
        Assert.Empty(MountTable.Under(_dir));
    }

    [Fact]
    public async Task Names_in_use_are_AlreadyExists_and_exec_timeouts_are_DeadlineExceeded()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("conflicts");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var again = await Assert.ThrowsAsync<RpcException>(async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig }));
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        var config = ContainerConfig("sleeper", "/bin/sleep", "3600");
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        var duplicate = await Assert.ThrowsAsync<RpcException>(async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        var exec = await runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sh", "-c", "cat /etc/hostname; echo e >&2; exit 4" }, Timeout = 10 });
        Assert.Equal(4, exec.ExitCode);
        Assert.Equal("conflicts\n", exec.Stdout.ToStringUtf8());
        Assert.Equal("e\n", exec.Stderr.ToStringUtf8());
        var timeout = await Assert.ThrowsAsync<RpcException>(async () => await runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sleep", "30" }, Timeout = 1 }));
        Assert.Equal(StatusCode.DeadlineExceeded, timeout.StatusCode);

        var stats = await runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id });
        Assert.True(stats.Stats.Memory.WorkingSetBytes.Value > 0);
        Assert.True(stats.Stats.Cpu.UsageCoreNanoSeconds.Value > 0);
        Assert.Contains(id, (await runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter { PodSandboxId = pod } })).Stats.Select(s => s.Attributes.Id));

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_daemon.MetricsPort}/metrics"));
        Assert.Matches(@"(?m)^criruntime_containers\{state=""running""\} [1-9]", metrics);
        Assert.Matches(@"(?m)^criruntime_sandboxes\{state=""ready""\} [1-9]", metrics);
        Assert.Contains("criruntime_container_operation_duration_seconds_count{operation=\"create\",handler=\"runc\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("criruntime_sandbox_operation_duration_seconds_count{operation=\"run\",handler=\"runc\"}", metrics, StringComparison.Ordinal);

        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }

    [Fact]
    public async Task After_kill_9_of_the_daemon_running_containers_keep_running_and_exits_are_reported()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("survivor");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var runner = (await runtime.CreateContainerAsync(new CreateContainerRequest
        {
            PodSandboxId = pod,
            Config = ContainerConfig("runner", "/bin/sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"),
            SandboxConfig = podConfig,
        })).ContainerId;
        var quitter = (await runtime.CreateContainerAsync(new CreateContainerRequest
        {
            PodSandboxId = pod,
            Config = ContainerConfig("quitter", "/bin/sh", "-c", "sleep 2; exit 9"),
            SandboxConfig = podConfig,
        })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = runner });
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = quitter });
        var log = Path.Combine(podConfig.LogDirectory, "runner.log");
        await ContainerLifecycleTests.WaitForLogAsync(log, "tick 1");

        _daemon.Signal(9);
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var lines = (await File.ReadAllLinesAsync(log)).Length;
        await Task.Delay(2500);
        Assert.True((await File.ReadAllLinesAsync(log)).Length > lines, "the container logs while the daemon is down");

        // The killed daemon's object is dropped without Dispose: that would delete the directory under the containers.
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
        runtime = _daemon.Runtime;
        var running = (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = runner })).Status;
        Assert.Equal(ContainerState.ContainerRunning, running.State);
        var exited = (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = quitter })).Status;
        Assert.Equal(ContainerState.ContainerExited, exited.State);
        Assert.Equal(9, exited.ExitCode);
        Assert.Equal("Error", exited.Reason);

        await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = runner, Timeout = 5 });
        Assert.Equal(ContainerState.ContainerExited, (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = runner })).Status.State);
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
        Assert.Empty(MountTable.Under(_dir));
    }

    [Fact]
    public async Task Status_advertises_the_probed_handler_features_and_stream_lists_answer_as_their_unary_twins()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("streams");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = ContainerConfig("c", "/bin/sleep", "3600"), SandboxConfig = podConfig })).ContainerId;

        var status = await runtime.StatusAsync(new StatusRequest());
        Assert.True(status.Features.SupplementalGroupsPolicy);
        var runc = status.RuntimeHandlers.Single(h => h.Name == "runc").Features;
        Assert.True(runc.RecursiveReadOnlyMounts, "Debian's runc 1.1.5 lists rro and this kernel has mount_setattr");
        Assert.True(runc.UserNamespaces, "runc 1.1.5 creates user namespaces and this kernel id-maps ext4 mounts");
        Assert.False(status.RuntimeHandlers.Single(h => h.Name == "crun").Features.UserNamespaces, "Debian's crun cannot run containers on this host");
        Assert.Equal(runc, status.RuntimeHandlers.Single(h => h.Name.Length == 0).Features);
        Assert.False(status.RuntimeHandlers.Single(h => h.Name == "crun").Features.RecursiveReadOnlyMounts, "Debian's crun 1.8.1 has no features command");

        var pods = await ReadAllAsync(runtime.StreamPodSandboxes(new StreamPodSandboxesRequest()), r => r.PodSandboxes);
        var containers = await ReadAllAsync(runtime.StreamContainers(new StreamContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod } }), r => r.Containers);
        var podStats = await ReadAllAsync(runtime.StreamPodSandboxStats(new StreamPodSandboxStatsRequest()), r => r.PodSandboxStats);
        var none = await ReadAllAsync(runtime.StreamContainers(new StreamContainersRequest { Filter = new ContainerFilter { Id = "nothing-has-this-id" } }), r => r.Containers);

        Assert.Equal((await runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items, pods);
        Assert.Equal(id, Assert.Single(containers).Id);
        Assert.Equal((await runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod } })).Containers, containers);
        Assert.Equal(pod, Assert.Single(podStats).Attributes.Id);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Stop_sends_the_configured_stop_signal_to_a_process_that_traps_it()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("stopsignal");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = ContainerConfig("trap", "/bin/sh", "-c", "trap 'echo got-usr1; exit 7' USR1; echo ready; while :; do sleep 1 & wait; done");
        config.StopSignal = Signal.Sigusr1;
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var logPath = Path.Combine(podConfig.LogDirectory, "trap.log");
        for (var i = 0; i < 200 && !(File.Exists(logPath) && (await File.ReadAllTextAsync(logPath)).Contains("ready", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 30 });

        var status = (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
        Assert.Equal(Signal.Sigusr1, status.StopSignal);
        Assert.Equal(7, status.ExitCode);
        Assert.Contains("stdout F got-usr1", await File.ReadAllTextAsync(logPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_remove_cycles_through_cri_leave_nothing_behind()
    {
        var runtime = _daemon.Runtime;
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("CRIRUNTIME_CYCLES"), out var n) ? n : 20;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cycles; i++)
        {
            var podConfig = PodConfig($"cycle{i}");
            var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
            var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = ContainerConfig("c", "/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"), SandboxConfig = podConfig })).ContainerId;
            ids.Add(id);
            await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 2 });
            await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
            await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod });
            await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
        }

        Assert.Empty(MountTable.Under(_dir));
        foreach (var dir in new[] { "state/sandboxes", "state/containers", "state/s", "root/containers", "root/metadata/sandboxes", "root/metadata/containers" })
        {
            var path = Path.Combine(_dir, dir);
            Assert.True(!Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any(), $"{path} is not empty");
        }

        var cgroupLeftovers = Directory.EnumerateDirectories("/sys/fs/cgroup")
            .Select(h => Path.Combine(h, PodHost.CgroupParent.TrimStart('/')))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => ids.Contains(Path.GetFileName(d)))
            .ToList();
        Assert.Empty(cgroupLeftovers);
        var shims = Directory.EnumerateDirectories("/proc")
            .Select(p => Path.Combine(p, "cmdline"))
            .Where(File.Exists)
            .Select(SafeRead)
            .Where(c => c.Contains(_dir, StringComparison.Ordinal) && c.Contains("criruntime-shim", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(shims);
    }

    private static async Task<List<TItem>> ReadAllAsync<TResponse, TItem>(AsyncServerStreamingCall<TResponse> call, Func<TResponse, IEnumerable<TItem>> items)
    {
        using (call)
        {
            var all = new List<TItem>();
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                all.AddRange(items(response));
            }

            return all;
        }
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private PodSandboxConfig PodConfig(string name) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "pods-it", Uid = Guid.NewGuid().ToString("N") },
        Hostname = name,
        LogDirectory = Path.Combine(_dir, "logs", name),
        DnsConfig = new DNSConfig { Servers = { "10.96.0.10" }, Searches = { "pods-it.svc.cluster.local" } },
        Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
    };

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

    private async Task<Runtime.V1.ContainerStatus> WaitExitedAsync(string id)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = (await _daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            if (status.State == ContainerState.ContainerExited)
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"container {id} did not exit");
    }
}
