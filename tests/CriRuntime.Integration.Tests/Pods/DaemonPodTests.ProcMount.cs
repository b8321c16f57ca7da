using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>procMount Default and Unmasked as kubelet sends them (masked_paths, readonly_paths), seen from inside containers.</summary>
public sealed partial class DaemonPodTests
{
    /// <summary>kubelet's lists for procMount: Default (pkg/securitycontext).</summary>
    private static readonly string[] KubeletMaskedPaths =
        ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"];

    private static readonly string[] KubeletReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>
    /// The masks as mounts over /proc (these hosts' kernel has no /proc/kcore; /proc/keys and /proc/timer_list are
    /// masked too), and what Unmasked is for: a nested container (a new user and PID namespace) may mount its own
    /// proc only when no mount hides part of the container's (the kernel's mnt_already_visible).
    /// </summary>
    private const string ProcProbe =
        "echo masked=$(grep -cE ' /proc/(keys|timer_list) ' /proc/self/mountinfo); "
        + "echo sys-read-only=$(grep ' /proc/sys ' /proc/self/mountinfo | grep -c ' ro,'); "
        + "unshare -r -p -f --mount-proc true 2>/dev/null && echo nested-proc=mounted || echo nested-proc=refused";

    [Fact]
    public async Task Unmasked_in_a_user_namespace_leaves_proc_whole_and_Default_or_the_host_user_namespace_keep_the_masks()
    {
        var runtime = _daemon.Runtime;
        var userns = PodConfig("procmount-userns");
        userns.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { UsernsOptions = PodUserNamespace() } };
        var host = PodConfig("procmount-host");

        var unmasked = await ProcProbeAsync(userns, "unmasked", [], []);
        var defaults = await ProcProbeAsync(userns, "default", KubeletMaskedPaths, KubeletReadonlyPaths);
        var hostEmpty = await ProcProbeAsync(host, "host-empty", [], []);

        var all = $"unmasked:\n{unmasked}default:\n{defaults}host, empty lists:\n{hostEmpty}";
        Assert.True(unmasked == "masked=0\nsys-read-only=0\nnested-proc=mounted\n", all);
        Assert.True(defaults == "masked=2\nsys-read-only=1\nnested-proc=refused\n", all);
        Assert.True(hostEmpty == "masked=2\nsys-read-only=1\nnested-proc=refused\n", all);
    }

    /// <summary>Runs <see cref="ProcProbe"/> in a new container of a new pod; returns its output.</summary>
    private async Task<string> ProcProbeAsync(PodSandboxConfig podConfig, string name, string[] masked, string[] readOnly)
    {
        var runtime = _daemon.Runtime;
        podConfig.Metadata.Name += "-" + name;
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = ContainerConfig(name, "/bin/sleep", "3600");
        config.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext
            {
                NamespaceOptions = podConfig.Linux.SecurityContext?.NamespaceOptions,
                MaskedPaths = { masked },
                ReadonlyPaths = { readOnly },
            },
        };
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var exec = await runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "/bin/sh", "-c", ProcProbe }, Timeout = 10 });
        return exec.Stdout.ToStringUtf8();
    }
}
