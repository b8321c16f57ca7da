using System.Globalization;
using Runtime.V1;

namespace CriRuntime.Conformance.Running;

/// <summary>
/// RunPodSandbox, CreateContainer and UpdateContainerResources requests shaped as kubelet v1.32-1.36 builds them
/// (pkg/kubelet/kuberuntime: generatePodSandboxConfig, generateContainerConfig, generateLinuxContainerResources,
/// determineEffectiveSecurityContext; labels.go): the labels and annotations it sets, the /var/log/pods layout, a
/// cgroup parent in the cgroupfs QoS hierarchy, a zero hugepage limit for every page size the kernel offers, swap
/// set as kubelet sets it for this host's cgroup version, and the default masked and read-only paths.
/// </summary>
internal static class KubeletRequests
{
    public const string Namespace = "cri-conformance";

    /// <summary>kubelet's securitycontext defaults (ConvertToRuntimeMaskedPaths / ConvertToRuntimeReadonlyPaths).</summary>
    public static readonly string[] MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    public static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static bool CgroupV2 => File.Exists("/sys/fs/cgroup/cgroup.controllers");

    /// <summary>Page sizes as kubelet names them from /sys/kernel/mm/hugepages: <c>hugepages-2048kB</c> is <c>2MB</c>.</summary>
    public static IReadOnlyList<string> HugepageSizes() =>
        !Directory.Exists("/sys/kernel/mm/hugepages")
            ? []
            : [.. Directory.EnumerateDirectories("/sys/kernel/mm/hugepages", "hugepages-*kB")
                .Select(d => long.Parse(Path.GetFileName(d)[10..^2], CultureInfo.InvariantCulture))
                .Select(kb => kb % (1024 * 1024) == 0 ? $"{kb / (1024 * 1024)}GB" : kb % 1024 == 0 ? $"{kb / 1024}MB" : $"{kb}KB")];

    /// <summary>A burstable pod's sandbox: pod network, the QoS cgroup parent, kubelet's labels and annotations.</summary>
    public static async Task<(string Id, PodSandboxConfig Config)> RunPodAsync(SpecContext ctx, string name, Action<PodSandboxConfig>? configure = null)
    {
        var uid = Guid.NewGuid().ToString();
        var podName = $"{name}-{ctx.RunId}";
        var logRoot = Directory.CreateTempSubdirectory("cri-conformance-var-log-pods-").FullName;
        ctx.Defer(() =>
        {
            Directory.Delete(logRoot, recursive: true);
            return Task.CompletedTask;
        });
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = podName, Namespace = Namespace, Uid = uid, Attempt = 0 },
            Hostname = podName,
            // /var/log/pods/<namespace>_<name>_<uid>, under a temporary directory.
            LogDirectory = Path.Combine(logRoot, $"{Namespace}_{podName}_{uid}"),
            DnsConfig = new DNSConfig { Servers = { "192.0.2.53" }, Searches = { $"{Namespace}.svc.cluster.local", "svc.cluster.local", "cluster.local" }, Options = { "ndots:5" } },
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = $"/kubepods/burstable/pod{uid}",
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                },
                // The pod's own limits (kubelet 1.28+): the sum of its containers'.
                Resources = new LinuxContainerResources { CpuPeriod = 100000, CpuQuota = 50000, CpuShares = 102, MemoryLimitInBytes = 128 << 20 },
            },
        };
        config.Labels.Add(new Dictionary<string, string>
        {
            ["app"] = name,
            ["cri-conformance"] = ctx.RunId,
            ["io.kubernetes.pod.name"] = podName,
            ["io.kubernetes.pod.namespace"] = Namespace,
            ["io.kubernetes.pod.uid"] = uid,
        });
        config.Annotations.Add(new Dictionary<string, string>
        {
            ["kubernetes.io/config.seen"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["kubernetes.io/config.source"] = "file",
            ["kubernetes.io/config.hash"] = uid.Replace("-", "", StringComparison.Ordinal),
        });
        configure?.Invoke(config);
        var brought = QosDirectories(config.Linux.CgroupParent).Where(d => !Directory.Exists(d)).ToList();
        var id = (await ctx.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = "" })).PodSandboxId;
        ctx.Defer(async () =>
        {
            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
            RemovePodCgroup(config.Linux.CgroupParent, brought);
        });
        return (id, config);
    }

    /// <summary>
    /// A container as kubelet creates it: pulled first, then referred to by image id with the user's reference beside
    /// it; log path <c>NAME/RESTARTCOUNT.log</c>; /etc/hosts and /dev/termination-log bind-mounted from the pod's dir.
    /// </summary>
    public static async Task<(string Id, ContainerConfig Config)> CreateContainerAsync(
        SpecContext ctx, (string Id, PodSandboxConfig Config) pod, string name, string image, uint restartCount, Action<ContainerConfig>? configure, params string[] command)
    {
        await ctx.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image }, SandboxConfig = pod.Config });
        var imageId = (await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } })).Image.Id;
        var podDir = Directory.CreateTempSubdirectory("cri-conformance-kubelet-pod-").FullName;
        ctx.Defer(() =>
        {
            Directory.Delete(podDir, recursive: true);
            return Task.CompletedTask;
        });
        var hosts = Path.Combine(podDir, "etc-hosts");
        await File.WriteAllTextAsync(hosts, $"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.1\t{pod.Config.Hostname}\n");
        var terminationLog = Path.Combine(podDir, "containers", name, Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.GetDirectoryName(terminationLog)!);
        await File.WriteAllTextAsync(terminationLog, "");

        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = restartCount },
            Image = new ImageSpec { Image = imageId, UserSpecifiedImage = image },
            LogPath = $"{name}/{restartCount}.log",
            Linux = new LinuxContainerConfig
            {
                Resources = Resources(cpuLimitMilli: 500, cpuRequestMilli: 100, memoryLimit: 64 << 20),
                SecurityContext = new LinuxContainerSecurityContext
                {
                    Capabilities = new Capability(),
                    NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                    MaskedPaths = { MaskedPaths },
                    ReadonlyPaths = { ReadonlyPaths },
                },
            },
            Mounts =
            {
                new Mount { ContainerPath = "/etc/hosts", HostPath = hosts, Propagation = MountPropagation.PropagationPrivate },
                new Mount { ContainerPath = "/dev/termination-log", HostPath = terminationLog, Propagation = MountPropagation.PropagationPrivate },
            },
        };
        config.Command.Add(command);
        config.Envs.Add(new KeyValue { Key = "KUBERNETES_SERVICE_HOST", Value = "10.96.0.1" });
        config.Envs.Add(new KeyValue { Key = "KUBERNETES_SERVICE_PORT", Value = "443" });
        config.Labels.Add(new Dictionary<string, string>
        {
            ["io.kubernetes.container.name"] = name,
            ["io.kubernetes.pod.name"] = pod.Config.Metadata.Name,
            ["io.kubernetes.pod.namespace"] = pod.Config.Metadata.Namespace,
            ["io.kubernetes.pod.uid"] = pod.Config.Metadata.Uid,
        });
        config.Annotations.Add(new Dictionary<string, string>
        {
            ["io.kubernetes.container.hash"] = "8a3c1b2f",
            ["io.kubernetes.container.restartCount"] = restartCount.ToString(CultureInfo.InvariantCulture),
            ["io.kubernetes.container.terminationMessagePath"] = "/dev/termination-log",
            ["io.kubernetes.container.terminationMessagePolicy"] = "File",
            ["io.kubernetes.pod.terminationGracePeriod"] = "30",
        });
        configure?.Invoke(config);
        var id = (await ctx.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod.Id, Config = config, SandboxConfig = pod.Config })).ContainerId;
        ctx.Defer(async () => await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }));
        return (id, config);
    }

    /// <summary>
    /// generateLinuxContainerResources for a burstable container on this host: CFS period and quota, shares from the
    /// request, the memory limit, a zero hugepage limit per page size, and swap: v1 with swap accounting sets the swap
    /// limit equal to the memory limit; v2 writes <c>memory.swap.max=0</c> and <c>memory.oom.group=1</c> as unified keys.
    /// </summary>
    public static LinuxContainerResources Resources(long cpuLimitMilli, long cpuRequestMilli, long memoryLimit)
    {
        var resources = new LinuxContainerResources
        {
            CpuPeriod = 100000,
            CpuQuota = cpuLimitMilli * 100000 / 1000,
            CpuShares = Math.Max(2, cpuRequestMilli * 1024 / 1000),
            MemoryLimitInBytes = memoryLimit,
            OomScoreAdj = 999,
        };
        resources.HugepageLimits.Add(HugepageSizes().Select(size => new HugepageLimit { PageSize = size, Limit = 0 }));
        if (CgroupV2)
        {
            resources.Unified.Add("memory.oom.group", "1");
            resources.Unified.Add("memory.swap.max", "0");
        }
        else if (File.Exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
        {
            resources.MemorySwapLimitInBytes = memoryLimit;
        }

        return resources;
    }

    /// <summary>The QoS levels above the pod's cgroup (<c>/kubepods</c>, <c>/kubepods/burstable</c>) in the memory hierarchy.</summary>
    private static string[] QosDirectories(string parent)
    {
        var root = CgroupV2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
        var levels = parent.Trim('/').Split('/');
        return [.. Enumerable.Range(1, levels.Length - 1).Select(n => Path.Combine(root, string.Join('/', levels.Take(n))))];
    }

    /// <summary>
    /// kubelet removes the pod's cgroup after the sandbox; here it goes from every hierarchy, with the QoS levels above
    /// it only when this spec brought them (a node's real kubepods tree stays).
    /// </summary>
    private static void RemovePodCgroup(string parent, List<string> brought)
    {
        var relative = parent.Trim('/');
        var levels = relative.Split('/');
        var bringDepth = brought.Count == 0 ? levels.Length : levels.Length - brought.Count;
        var hierarchies = CgroupV2 ? ["/sys/fs/cgroup"] : Directory.EnumerateDirectories("/sys/fs/cgroup").Where(d => new DirectoryInfo(d).LinkTarget is null);
        foreach (var hierarchy in hierarchies)
        {
            for (var depth = levels.Length; depth >= bringDepth && depth > 0; depth--)
            {
                var dir = Path.Combine(hierarchy, string.Join('/', levels.Take(depth)));
                try
                {
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir);
                    }
                }
                catch (IOException)
                {
                    break;
                }
            }
        }
    }
}
