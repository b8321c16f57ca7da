using System.Globalization;
using CriRuntime.Conformance.Benchmark;
using CriRuntime.Conformance.Running;
using CriRuntime.TestSupport;
using Runtime.V1;

namespace CriRuntime.Conformance.Reliability;

/// <summary>
/// <c>--soak N --socket PATH --dir DIR [--bridge NAME] [--registry HOST:PORT] [--max-minutes M]</c>: N pod cycles (fewer if M
/// minutes pass first) with CNI (run, create, start, exec,
/// stop, remove), measuring the daemon's fds, threads and resident memory and the mounts under DIR, pinned network
/// namespaces, veths on the test bridge, IP allocations, cgroups and processes before and after, and printing each
/// figure's growth, with the daemon's memory at twenty points of the run. Run through conformance/reliability.sh soak.
/// </summary>
internal static class SoakRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var values = Flags(args);
        var cycles = int.Parse(values["--soak"], CultureInfo.InvariantCulture);
        var deadline = values.TryGetValue("--max-minutes", out var minutes)
            ? DateTime.UtcNow.AddMinutes(double.Parse(minutes, CultureInfo.InvariantCulture))
            : DateTime.MaxValue;
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
        await output.WriteLineAsync($"{"cycles",8} {"rss KiB",10} {"anon KiB",10} {"file KiB",10} {"fds",5} {"threads",7}");
        await output.WriteLineAsync(Progress(0, socket));
        var step = Math.Max(1, cycles / 20);
        var ran = 0;
        while (ran < cycles && DateTime.UtcNow < deadline)
        {
            await CycleAsync(cri, images.Busybox, dir, ++ran);
            if (ran % step == 0)
            {
                await output.WriteLineAsync(Progress(ran, socket));
            }
        }

        // Time for the last pod's processes to go. (The daemon's garbage is its own: nothing here collects it.)
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

        await output.WriteLineAsync($"cycles: {ran}{(ran < cycles ? $" of {cycles} (--max-minutes reached)" : "")}, host objects grown: {hostGrowth}");
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

    /// <summary>
    /// The daemon's memory along the run, to tell a leak (growing with every cycle) from a bounded working set: its
    /// RSS split as /proc/PID/smaps_rollup does into anonymous memory (the GC heap, native allocations, JIT code)
    /// and file-backed pages (mapped assemblies and libraries, which grow as code paths are first run).
    /// </summary>
    private static string Progress(int cycle, string socket)
    {
        var pid = ResidentMemory.ServerPid(socket);
        var rollup = File.ReadLines($"/proc/{pid}/smaps_rollup").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && long.TryParse(f[1], out _)).ToDictionary(f => f[0].TrimEnd(':'), f => long.Parse(f[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var rss = rollup.GetValueOrDefault("Rss");
        var anonymous = rollup.GetValueOrDefault("Anonymous");
        return $"{cycle,8} {rss,10} {anonymous,10} {rss - anonymous,10} {Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count(),5} {Directory.EnumerateDirectories($"/proc/{pid}/task").Count(),7}";
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
            ["network namespaces"] = File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Count(f => f[2] == "nsfs" && f[1].StartsWith(dir, StringComparison.Ordinal) && f[1].EndsWith("/net", StringComparison.Ordinal)),
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
