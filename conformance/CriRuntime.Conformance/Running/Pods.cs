using System.Text.Json.Nodes;
using Runtime.V1;

namespace CriRuntime.Conformance.Running;

/// <summary>
/// Pods and containers for specs, configured as kubelet configures them, each torn down by id when the spec ends.
/// Host-network pods unless a spec asks for the pod network, so that only networking specs need a CNI config.
/// </summary>
internal static class Pods
{
    public static async Task<(string Id, PodSandboxConfig Config)> RunAsync(SpecContext ctx, string name, bool podNetwork = false, Action<PodSandboxConfig>? configure = null)
    {
        var logDir = Directory.CreateTempSubdirectory("cri-conformance-logs-").FullName;
        ctx.Defer(() =>
        {
            Directory.Delete(logDir, recursive: true);
            return Task.CompletedTask;
        });
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"{name}-{ctx.RunId}", Namespace = "cri-conformance", Uid = Guid.NewGuid().ToString(), Attempt = 0 },
            LogDirectory = logDir,
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    // As kubelet sends it for a pod without shareProcessNamespace: its own PID namespace per container.
                    NamespaceOptions = new NamespaceOption { Network = podNetwork ? NamespaceMode.Pod : NamespaceMode.Node, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
                },
            },
        };
        if (podNetwork)
        {
            config.Hostname = name;
        }

        config.Labels.Add("cri-conformance", ctx.RunId);
        configure?.Invoke(config);
        var response = await ctx.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config });
        var id = response.PodSandboxId;
        ctx.Defer(async () =>
        {
            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        });
        return (id, config);
    }

    public static Task<string> CreateAsync(SpecContext ctx, (string Id, PodSandboxConfig Config) pod, string name, string image, params string[] command) =>
        CreateAsync(ctx, pod, name, image, null, command);

    /// <summary>Creates a container, letting the spec change its config (resources, security context) first.</summary>
    public static async Task<string> CreateAsync(SpecContext ctx, (string Id, PodSandboxConfig Config) pod, string name, string image, Action<ContainerConfig>? configure, params string[] command)
    {
        await ctx.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } });
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = image },
            LogPath = $"{name}.log",
        };
        config.Command.Add(command);
        config.Labels.Add("cri-conformance", ctx.RunId);
        configure?.Invoke(config);
        var response = await ctx.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod.Id, Config = config, SandboxConfig = pod.Config });
        var id = response.ContainerId;
        ctx.Defer(async () => await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }));
        return id;
    }

    public static Task<string> StartAsync(SpecContext ctx, (string Id, PodSandboxConfig Config) pod, string name, string image, params string[] command) =>
        StartAsync(ctx, pod, name, image, null, command);

    public static async Task<string> StartAsync(SpecContext ctx, (string Id, PodSandboxConfig Config) pod, string name, string image, Action<ContainerConfig>? configure, params string[] command)
    {
        var id = await CreateAsync(ctx, pod, name, image, configure, command);
        await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        return id;
    }

    /// <summary>Polls ContainerStatus until the container has exited, for at most the given time.</summary>
    public static async Task<ContainerStatus> WaitExitedAsync(SpecContext ctx, string id, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            if (status.State == ContainerState.ContainerExited)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new SpecFailure($"container still {status.State} after {within.TotalSeconds} s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The <c>info</c> JSON of a verbose ContainerStatus (pid, runtimeSpec, ...), as crictl inspect shows it.</summary>
    public static async Task<JsonNode> InfoAsync(SpecContext ctx, string id)
    {
        var response = await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true });
        Check.That(response.Info.TryGetValue("info", out var json), "verbose ContainerStatus has no info");
        return JsonNode.Parse(json!)!;
    }

    /// <summary>The node's PID of a running container's process, from the verbose ContainerStatus.</summary>
    public static async Task<int> PidAsync(SpecContext ctx, string id)
    {
        var pid = (await InfoAsync(ctx, id))["pid"]?.GetValue<int>() ?? 0;
        Check.That(pid > 0, $"verbose info of {id} has no pid");
        return pid;
    }

    public const string Sleeper = "trap 'exit 0' TERM; sleep 3600 & wait";
}
