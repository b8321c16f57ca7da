using System.Globalization;
using CriRuntime.Conformance.Benchmark;
using CriRuntime.Conformance.Running;
using CriRuntime.TestSupport;
using Runtime.V1;

namespace CriRuntime.Conformance.Reliability;

/// <summary>
/// <c>--soak N --socket PATH --dir DIR [--bridge NAME] [--registry HOST:PORT]</c>: N pod cycles with CNI (run, create, start, exec,
/// stop, remove), measuring the daemon's fds, threads and resident memory and the mounts under DIR, veths on the test bridge,
/// IP allocations, cgroups and processes before and after, and printing each figure's growth. Run through
/// conformance/reliability.sh soak.
/// </summary>
internal static class SoakRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var values = Flags(args);
        var cycles = int.Parse(values["--soak"], CultureInfo.InvariantCulture);
        var socket = values["--socket"];
        var dir = values["--dir"];
        var bridge = values.GetValueOrDefault("--bridge") ?? "";
        using var images = await SuiteImages.PrepareAsync(values.GetValueOrDefault("--registry"));
        using var channel = CriChannels.Open("unix://" + socket);
        var cri = new RuntimeService.RuntimeServiceClient(channel);
        await new ImageService.ImageServiceClient(channel).PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = images.Busybox } });

        // One cycle first, so that lazily created things (thread pool, caches, the bridge) count in the baseline.
        await CycleAsync(cri, images.Busybox, dir, 0);
        var before = Measure(socket, dir, bridge);
        for (var i = 1; i <= cycles; i++)
        {
            await CycleAsync(cri, images.Busybox, dir, i);
            if (i % 100 == 0)
            {
                await output.WriteLineAsync($"{i} cycles");
            }
        }

        GC.Collect();
        await Task.Delay(2000);
        var after = Measure(socket, dir, bridge);
        await output.WriteLineAsync($"{"figure",-22} {"start",12} {"end",12} {"growth",12}");
        var hostGrowth = 0L;
        foreach (var (name, start) in before)
        {
            var end = after[name];
            await output.WriteLineAsync($"{name,-22} {start,12} {end,12} {end - start,12:+0;-0;0}");
            if (!name.StartsWith("daemon", StringComparison.Ordinal))
            {
                hostGrowth += Math.Max(0, end - start);
            }
        }

        await output.WriteLineAsync($"cycles: {cycles}, host objects grown: {hostGrowth}");
        return hostGrowth == 0 ? 0 : 1;
    }

    internal static Dictionary<string, string> Flags(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return values;
    }

    private static async Task CycleAsync(RuntimeService.RuntimeServiceClient cri, string image, string dir, int i)
    {
        var podConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"soak-{i}", Namespace = "soak", Uid = Guid.NewGuid().ToString("N") },
            Hostname = "soak",
            LogDirectory = Path.Combine(dir, "logs", "soak"),
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod } },
            },
        };
        var pod = (await cri.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "c" },
            Image = new ImageSpec { Image = image },
            Command = { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
            LogPath = $"c-{i}.log",
        };
        var id = (await cri.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await cri.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        await cri.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "true" }, Timeout = 10 });
        await cri.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 5 });
        await cri.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        await cri.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod });
        await cri.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
        File.Delete(Path.Combine(podConfig.LogDirectory, config.LogPath));
    }

    /// <summary>The daemon's fds, threads and RSS (KiB); the mounts under DIR, veths on the test bridge, IP allocations, cgroups, processes.</summary>
    private static Dictionary<string, long> Measure(string socket, string dir, string bridge)
    {
        var pid = ResidentMemory.ServerPid(socket);
        var ipam = Path.Combine(dir, "ipam");
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["daemon fds"] = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count(),
            ["daemon threads"] = Directory.EnumerateDirectories($"/proc/{pid}/task").Count(),
            ["daemon rss KiB"] = ResidentMemory.Rss(pid),
            ["mounts"] = File.ReadLines("/proc/mounts").Count(l => l.Split(' ')[1].StartsWith(dir, StringComparison.Ordinal)),
            ["veths on the bridge"] = bridge.Length > 0 && Directory.Exists($"/sys/class/net/{bridge}/brif") ? Directory.EnumerateFileSystemEntries($"/sys/class/net/{bridge}/brif").Count() : 0,
            ["ip allocations"] = Directory.Exists(ipam) ? Directory.EnumerateFiles(ipam, "*", SearchOption.AllDirectories).Count(f => !Path.GetFileName(f).StartsWith("last_reserved_ip", StringComparison.Ordinal) && Path.GetFileName(f) != "lock") : 0,
            ["cgroups"] = Directory.EnumerateDirectories("/sys/fs/cgroup").Where(h => new DirectoryInfo(h).LinkTarget is null).Sum(h => Directory.Exists(Path.Combine(h, "criruntime")) ? Directory.EnumerateDirectories(Path.Combine(h, "criruntime")).Count() : 0),
            ["processes"] = Directory.EnumerateDirectories("/proc").Count(p => int.TryParse(Path.GetFileName(p), out _) && !IsKernelThreadOrOther(p, dir)),
        };
    }

    /// <summary>Only processes of this runtime count: the host's other processes come and go (other users of the machine).</summary>
    private static bool IsKernelThreadOrOther(string proc, string dir)
    {
        try
        {
            return !File.ReadAllText(Path.Combine(proc, "cmdline")).Contains(dir, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }
}
