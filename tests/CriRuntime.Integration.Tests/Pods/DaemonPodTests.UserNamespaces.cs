using System.Diagnostics;
using CriRuntime.Linux.Namespaces;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Pods in user namespaces (CRI userns_options) through the real daemon and runc 1.1.5.</summary>
public sealed partial class DaemonPodTests
{
    /// <summary>Away from the ids critest maps (1000) and from any account on the host.</summary>
    private static readonly IDMapping PodMapping = new() { ContainerId = 0, HostId = 300000, Length = 65536 };

    [Fact]
    public async Task A_pod_in_its_own_user_namespace_maps_root_writes_its_rootfs_and_an_id_mapped_volume_and_reads_etc_hosts()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("userns");
        podConfig.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { UsernsOptions = PodUserNamespace() } };
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var volume = Directory.CreateDirectory(Path.Combine(_dir, "volume")).FullName;
        var procfs = ContainerConfig("procfs", "/bin/true");
        procfs.Mounts.Add(new Mount { ContainerPath = "/vol", HostPath = "/proc/sys/kernel", UidMappings = { PodMapping }, GidMappings = { PodMapping } });
        var unmappable = await Assert.ThrowsAsync<RpcException>(async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = procfs, SandboxConfig = podConfig }));
        Assert.Equal(StatusCode.InvalidArgument, unmappable.StatusCode);
        Assert.Contains("mount \"/vol\": host_path \"/proc/sys/kernel\" cannot be id-mapped", unmappable.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await runtime.ListContainersAsync(new ListContainersRequest())).Containers);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir, "state", "idmap")));

        var config = ContainerConfig(
            "mapped",
            "/bin/sh",
            "-c",
            "cat /proc/self/uid_map; echo uid=$(id -u); echo hi > /written && echo rootfs-ok; echo v > /vol/file && echo volume-ok; "
            + "ls -ln /vol/file; grep -c localhost /etc/hosts; cat /etc/hostname; echo shm > /dev/shm/x && echo shm-ok");
        config.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = podConfig.Linux.SecurityContext.NamespaceOptions },
        };
        config.Mounts.Add(new Mount { ContainerPath = "/vol", HostPath = volume, UidMappings = { PodMapping }, GidMappings = { PodMapping } });
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var status = await WaitExitedAsync(id);
        var log = await File.ReadAllTextAsync(status.LogPath);

        Assert.True(status.ExitCode == 0, log);
        Assert.Matches(@"stdout F\s+0\s+300000\s+65536\n", log);
        Assert.Contains("stdout F uid=0\n", log);
        Assert.Contains("stdout F rootfs-ok\n", log);
        Assert.Contains("stdout F volume-ok\n", log);
        Assert.Matches(@"stdout F -rw-r--r--\s+1 0\s+0\s.*/vol/file\n", log);
        Assert.Contains("stdout F shm-ok\n", log);
        Assert.Contains("stdout F userns\n", log);
        Assert.Equal("0:0", await StatAsync(Path.Combine(volume, "file")));
        var written = Assert.Single(Directory.GetFiles(Path.Combine(_dir, "root", "containers", id), "written", SearchOption.AllDirectories));
        Assert.Equal("300000:300000", await StatAsync(written));

        var reported = (await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod })).Status.Linux.Namespaces.Options.UsernsOptions;
        Assert.Equal(PodUserNamespace(), reported);
        var mount = Assert.Single((await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status.Mounts, m => m.ContainerPath == "/vol");
        Assert.Equal(PodMapping, Assert.Single(mount.UidMappings));
        Assert.Equal(volume, mount.HostPath);

        var sleeper = ContainerConfig("sleeper", "/bin/sleep", "3600");
        sleeper.Linux = config.Linux;
        var running = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = sleeper, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = running });
        var exec = await runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = running, Cmd = { "/bin/sh", "-c", "cat /proc/self/uid_map; id -u" }, Timeout = 10 });
        Assert.Equal(0, exec.ExitCode);
        Assert.Matches(@"^\s+0\s+300000\s+65536\n0\n$", exec.Stdout.ToStringUtf8());

        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
        Assert.Empty(MountTable.Under(_dir));
        Assert.False(Directory.Exists(Path.Combine(_dir, "state", "idmap", id)));
        Assert.Equal("v\n", await File.ReadAllTextAsync(Path.Combine(volume, "file")));
    }

    [Fact]
    public async Task Userns_NODE_keeps_the_hosts_map_and_unsupported_options_are_InvalidArgument_naming_the_field()
    {
        var runtime = _daemon.Runtime;
        var node = PodConfig("userns-node");
        node.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { UsernsOptions = new UserNamespace { Mode = NamespaceMode.Node } } };
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = node })).PodSandboxId;
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = ContainerConfig("hostmap", "/bin/cat", "/proc/self/uid_map"), SandboxConfig = node })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var log = await File.ReadAllTextAsync((await WaitExitedAsync(id)).LogPath);
        Assert.Matches(@"stdout F\s+0\s+0\s+4294967295\n", log);

        var cases = new (string Name, UserNamespace Options, Action<NamespaceOption>? More, string Field)[]
        {
            ("two-maps", PodUserNamespace(extra: true), null, "userns_options.uids: exactly one mapping"),
            ("no-root", PodUserNamespace(containerId: 1), null, "container id 0 must be mapped"),
            ("container", new UserNamespace { Mode = NamespaceMode.Container }, null, "userns_options.mode CONTAINER"),
            ("target", new UserNamespace { Mode = NamespaceMode.Target }, null, "userns_options.mode TARGET"),
            ("node-maps", PodUserNamespace(mode: NamespaceMode.Node), null, "only valid with mode POD"),
            ("overflow", PodUserNamespace(hostId: uint.MaxValue - 10), null, "beyond the 32-bit id space"),
            ("host-net", PodUserNamespace(), o => o.Network = NamespaceMode.Node, "namespace_options.network NODE"),
        };
        foreach (var (name, options, more, field) in cases)
        {
            var config = PodConfig("userns-" + name);
            config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { UsernsOptions = options } };
            more?.Invoke(config.Linux.SecurityContext.NamespaceOptions);
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }));
            Assert.True(refused.StatusCode == StatusCode.InvalidArgument, $"{name}: {refused.Status}");
            Assert.Contains(field, refused.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(pod, Assert.Single((await runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items).Id);
    }

    private static UserNamespace PodUserNamespace(NamespaceMode mode = NamespaceMode.Pod, uint containerId = 0, uint? hostId = null, bool extra = false)
    {
        var mapping = new IDMapping(PodMapping) { ContainerId = containerId, HostId = hostId ?? PodMapping.HostId };
        var userns = new UserNamespace { Mode = mode, Uids = { mapping }, Gids = { mapping } };
        if (extra)
        {
            userns.Uids.Add(new IDMapping { ContainerId = 0, HostId = 500000, Length = 65536 });
            userns.Gids.Add(new IDMapping { ContainerId = 0, HostId = 500000, Length = 65536 });
        }

        return userns;
    }

    private static async Task<string> StatAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return output.Trim();
    }
}
