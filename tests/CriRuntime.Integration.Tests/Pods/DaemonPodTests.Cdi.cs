using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>CDI devices (CRI CDI_devices) from spec files in the daemon's cdi.spec_dirs, seen from inside a container.</summary>
public sealed partial class DaemonPodTests
{
    [Fact]
    public async Task A_CDI_device_brings_its_node_env_mount_groups_and_hook_and_an_unknown_one_is_InvalidArgument()
    {
        var cdi = Directory.CreateDirectory(Path.Combine(_dir, "cdi")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(_dir, "cdi-data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "firmware"), "vendor data\n");
        var hookRan = Path.Combine(_dir, "hook-ran");
        await File.WriteAllTextAsync(Path.Combine(cdi, "example.yaml"), $"""
            cdiVersion: "0.6.0"
            kind: example.com/test
            containerEdits:
              env: [CDI_SPEC=common]
            devices:
              - name: null0
                containerEdits:
                  env: [CDI_DEVICE=null0]
                  deviceNodes:
                    - path: /dev/cdi-null
                      hostPath: /dev/null
                  mounts:
                    - hostPath: {data}
                      containerPath: /cdi-data
                      options: [ro, rbind]
                  additionalGIDs: [4242]
                  hooks:
                    - hookName: createRuntime
                      path: /bin/sh
                      args: [sh, -c, "echo ran > {hookRan}"]
            """);
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("cdi");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = ContainerConfig("gpu", "/bin/sleep", "3600");
        config.CDIDevices.Add(new CDIDevice { Name = "example.com/test=null0" });
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        var exec = await runtime.ExecSyncAsync(new ExecSyncRequest
        {
            ContainerId = id,
            Cmd = { "/bin/sh", "-c", "echo $CDI_SPEC $CDI_DEVICE; cat /cdi-data/firmware; ls -l /dev/cdi-null | cut -c1; echo x > /dev/cdi-null && echo node-writable; id -G" },
            Timeout = 10,
        });

        Assert.Equal("common null0\nvendor data\nc\nnode-writable\n", string.Join('\n', exec.Stdout.ToStringUtf8().Split('\n').Take(4)) + "\n");
        Assert.Contains("4242", exec.Stdout.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Equal("ran\n", await File.ReadAllTextAsync(hookRan));

        var unknown = ContainerConfig("unknown", "/bin/true");
        unknown.CDIDevices.Add(new CDIDevice { Name = "example.com/test=missing" });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = unknown, SandboxConfig = podConfig }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("CDI device \"example.com/test=missing\" is not defined", error.Status.Detail, StringComparison.Ordinal);
        Assert.Single((await runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod } })).Containers);
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }
}
