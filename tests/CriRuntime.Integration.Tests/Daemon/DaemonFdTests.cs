using System.Globalization;
using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.Integration.Tests.Pods;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>
/// Pod cycles (run, create, start, exec, stop, remove, with CNI) through the real daemon leave its open file
/// descriptors where they were: every pipe to runc, the shim and the CNI plugins is closed when the call ends, not
/// when a garbage collection happens to finalize it (root only).
/// </summary>
[Collection(ImageCollection.Name)]
public sealed class DaemonFdTests(TestImages images) : IAsyncLifetime
{
    /// <summary>Slack for descriptors that come and go with the daemon's own timers (gRPC connections, inotify reads).</summary>
    private const int Slack = 6;

    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-fd-").FullName;
    private DaemonProcess _daemon = null!;

    /// <summary>
    /// A 256 MiB first-generation budget: no garbage collection during the test, so an fd left to a finalizer stays
    /// open and is counted (with the default budget, collections close them at random moments).
    /// </summary>
    public async Task InitializeAsync() =>
        _daemon = await DaemonProcess.StartForPodsAsync(_dir, new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x10000000" });

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
    }

    [Fact]
    public async Task Pod_cycles_leave_the_daemons_fd_count_at_its_baseline()
    {
        var image = $"{images.Host}/test/busybox:1.0";
        await _daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } });
        // A first cycle loads what the daemon creates once (assemblies, the CNI config watcher, the exit watcher).
        await CycleAsync(image, 0);
        var baseline = OpenFds(_daemon.Pid);

        for (var i = 1; i <= 8; i++)
        {
            await CycleAsync(image, i);
        }

        var after = baseline;
        for (var i = 0; i < 50; i++)
        {
            after = OpenFds(_daemon.Pid);
            if (after.Count <= baseline.Count + Slack)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(after.Count <= baseline.Count + Slack, $"{baseline.Count} fds before 8 pod cycles, {after.Count} after; grown: {Describe(baseline, after)}");
    }

    private async Task CycleAsync(string image, int i)
    {
        var runtime = _daemon.Runtime;
        var podConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"fd-{i}", Namespace = "fd-it", Uid = Guid.NewGuid().ToString("N") },
            LogDirectory = Path.Combine(_dir, "logs", $"fd-{i}"),
            Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
        };
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "c" },
            Image = new ImageSpec { Image = image },
            LogPath = "c.log",
            Command = { "/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
        };
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        Assert.Equal(0, (await runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "true" }, Timeout = 10 })).ExitCode);
        await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 5 });
        await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod });
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }

    /// <summary>The targets of a process's open fds (<c>pipe:[123]</c>, <c>socket:[456]</c>, paths), by fd number.</summary>
    internal static Dictionary<int, string> OpenFds(int pid)
    {
        var fds = new Dictionary<int, string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                fds[int.Parse(Path.GetFileName(entry), CultureInfo.InvariantCulture)] = new FileInfo(entry).LinkTarget ?? "";
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }

        return fds;
    }

    /// <summary>What the new fds are, grouped by kind (<c>pipe x12, socket x2</c>), for the failure message.</summary>
    internal static string Describe(Dictionary<int, string> before, Dictionary<int, string> after) =>
        string.Join(", ", after.Where(fd => !before.TryGetValue(fd.Key, out var target) || target != fd.Value)
            .GroupBy(fd => fd.Value.Split(':')[0])
            .Select(g => $"{g.Key} x{g.Count()}"));
}
