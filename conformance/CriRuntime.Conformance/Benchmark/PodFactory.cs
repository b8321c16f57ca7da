using Runtime.V1;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>Pod and container configs as kubelet sends them, the same for every endpoint.</summary>
internal static class PodFactory
{
    public static PodSandboxConfig Sandbox(string name, string logDir, bool hostNetwork)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "criruntime-bench", Uid = Guid.NewGuid().ToString(), Attempt = 0 },
            // kubelet sends no hostname for host-network pods: the node's is used.
            Hostname = hostNetwork ? "" : name,
            LogDirectory = logDir,
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    // As kubelet sends it for a pod without shareProcessNamespace: its own PID namespace per container.
                    NamespaceOptions = new NamespaceOption { Network = hostNetwork ? NamespaceMode.Node : NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
                },
            },
        };
        config.Labels.Add("criruntime.bench", "1");
        return config;
    }

    public static ContainerConfig Container(string name, string image) => new()
    {
        Metadata = new ContainerMetadata { Name = name },
        Image = new ImageSpec { Image = image },
        Command = { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
        LogPath = name + ".log",
    };
}
