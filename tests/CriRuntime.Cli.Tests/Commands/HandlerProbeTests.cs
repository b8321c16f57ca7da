using System.Text.Json.Nodes;
using CriRuntime.Cli.Tests.Fixtures;
using CriRuntime.Integration.Tests.Daemon;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Cli.Tests.Commands;

/// <summary>Handlers whose runtime cannot run a container here are reported in Status and refused, and probed again when their binary changes.</summary>
public sealed class HandlerProbeTests
{
    [Fact]
    public async Task A_handler_whose_runtime_refuses_this_host_is_not_ready_with_its_reason_and_its_pods_are_FailedPrecondition()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-probe-it-").FullName;
        var fake = Path.Combine(dir, "refusing-runtime");
        // Behaves like Debian's crun on a cgroup v1 hybrid host: every create fails.
        await File.WriteAllTextAsync(fake, "#!/bin/sh\n[ \"$3\" = create ] && { echo 'cgroups in hybrid mode not supported, drop all controllers from cgroupv2' >&2; exit 1; }\nexit 0\n");
        File.SetUnixFileMode(fake, (UnixFileMode)0x1ed);
        Directory.CreateDirectory(Path.Combine(dir, "cni"));
        await File.WriteAllTextAsync(Path.Combine(dir, "cni", "10-lo.conflist"), """{"cniVersion":"1.0.0","name":"lo","plugins":[{"type":"loopback"}]}""");
        await using var daemon = await DaemonProcess.StartAsync($"""
            [runtime.handlers.runc]
            path = "runc"

            [runtime.handlers.refusing]
            path = "{fake}"
            """, dir);
        var endpoint = "unix://" + daemon.Socket;

        var info = await CliDaemon.RunAtAsync(endpoint, ["info", "-o", "json"]);
        Assert.True(info.Code == 0, info.ToString());
        var json = JsonNode.Parse(info.Out)!;
        var conditions = json["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "RuntimeReady" && c["status"]!.GetValue<bool>());
        var handlers = conditions.Single(c => c!["type"]!.GetValue<string>() == "RuntimeHandlersReady")!;
        Assert.False(handlers["status"]!.GetValue<bool>());
        Assert.Contains("refusing: refusing-runtime create of a probe container failed: cgroups in hybrid mode not supported", handlers["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("runc:", handlers["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(json["info"]!["runtimeHandlers"]!["refusing"]!["ready"]!.GetValue<bool>());
        Assert.True(json["info"]!["runtimeHandlers"]!["runc"]!["ready"]!.GetValue<bool>());

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await daemon.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest
        {
            Config = new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = "refused", Namespace = "probe-it", Uid = "u1" }, Linux = new LinuxPodSandboxConfig { CgroupParent = CliDaemon.CgroupParent } },
            RuntimeHandler = "refusing",
        }));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("runtime handler \"refusing\" cannot run containers on this host: ", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("hybrid mode", refused.Status.Detail, StringComparison.Ordinal);

        // An upgrade that fixes the runtime is noticed without a restart.
        await File.WriteAllTextAsync(fake, "#!/bin/sh\n# fixed\nexit 0\n");
        var after = JsonNode.Parse((await CliDaemon.RunAtAsync(endpoint, ["info", "-o", "json"])).Out)!;
        Assert.True(after["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "RuntimeHandlersReady")!["status"]!.GetValue<bool>());
    }
}
