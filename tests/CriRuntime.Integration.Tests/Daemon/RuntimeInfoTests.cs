using System.Text.Json;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>Version, Status, RuntimeConfig and metrics through the generated client, against the real daemon.</summary>
public sealed class RuntimeInfoTests : IAsyncLifetime
{
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync() => _daemon = await DaemonProcess.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Version_names_the_runtime_and_the_cri_version()
    {
        var version = await _daemon.Runtime.VersionAsync(new VersionRequest { Version = "0.1.0" });

        Assert.Equal("criruntime", version.RuntimeName);
        Assert.Equal("v1", version.RuntimeApiVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.RuntimeVersion);
    }

    [Fact]
    public async Task NetworkReady_follows_the_cni_config_dir()
    {
        var before = await _daemon.Runtime.StatusAsync(new StatusRequest());
        var network = before.Status.Conditions.Single(c => c.Type == "NetworkReady");
        Assert.False(network.Status);
        Assert.Equal("NetworkPluginNotReady", network.Reason);
        Assert.Contains(_daemon.CniConfDir, network.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(_daemon.CniConfDir);
        await File.WriteAllTextAsync(Path.Combine(_daemon.CniConfDir, "10-test.conflist"), """{"cniVersion":"1.0.0","name":"t","plugins":[{"type":"loopback"}]}""");

        var after = await _daemon.Runtime.StatusAsync(new StatusRequest());
        Assert.True(after.Status.Conditions.Single(c => c.Type == "NetworkReady").Status);
    }

    [Fact]
    public async Task RuntimeReady_holds_when_runc_is_installed_and_handlers_are_listed()
    {
        var status = await _daemon.Runtime.StatusAsync(new StatusRequest());

        var runtime = status.Status.Conditions.Single(c => c.Type == "RuntimeReady");
        Assert.True(runtime.Status, runtime.Message);
        Assert.Equal(["", "crun", "runc"], status.RuntimeHandlers.Select(h => h.Name));
        Assert.Empty(status.Info);
    }

    [Fact]
    public async Task RuntimeReady_is_false_with_a_reason_when_the_oci_runtime_is_missing()
    {
        await using var daemon = await DaemonProcess.StartAsync("""
            [runtime.handlers.runc]
            path = "/nonexistent/runc"
            """);

        var status = await daemon.Runtime.StatusAsync(new StatusRequest());

        var runtime = status.Status.Conditions.Single(c => c.Type == "RuntimeReady");
        Assert.False(runtime.Status);
        Assert.Equal("OCIRuntimeNotFound", runtime.Reason);
        Assert.Contains("/nonexistent/runc", runtime.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_status_carries_json_info_and_the_pod_cidr_kubelet_sent()
    {
        await _daemon.Runtime.UpdateRuntimeConfigAsync(new UpdateRuntimeConfigRequest
        {
            RuntimeConfig = new Runtime.V1.RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = "10.88.0.0/16" } },
        });

        var status = await _daemon.Runtime.StatusAsync(new StatusRequest { Verbose = true });

        using var info = JsonDocument.Parse(status.Info["config"]);
        Assert.Equal("10.88.0.0/16", info.RootElement.GetProperty("podCidr").GetString());
        Assert.Equal(_daemon.CniConfDir, info.RootElement.GetProperty("cniConfDir").GetString());

        // The host's cgroup probe: these hosts are v1 with no hugetlb mounted and offer every page size in sysfs.
        using var cgroups = JsonDocument.Parse(status.Info["cgroups"]);
        var unified = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        Assert.Equal(unified ? 2 : 1, cgroups.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(Directory.GetDirectories("/sys/kernel/mm/hugepages").Length, cgroups.RootElement.GetProperty("hugepageSizes").GetArrayLength());
        var hugetlbMounted = unified || File.ReadAllText("/proc/self/mounts").Split('\n').Any(l => l.Contains(" cgroup ", StringComparison.Ordinal) && l.Contains("hugetlb", StringComparison.Ordinal));
        if (!hugetlbMounted)
        {
            Assert.False(cgroups.RootElement.GetProperty("hugetlb").GetBoolean());
        }
    }

    [Fact]
    public async Task A_bad_pod_cidr_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _daemon.Runtime.UpdateRuntimeConfigAsync(new UpdateRuntimeConfigRequest
        {
            RuntimeConfig = new Runtime.V1.RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = "10.88.0.0/99" } },
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task RuntimeConfig_reports_the_cgroup_driver()
    {
        var config = await _daemon.Runtime.RuntimeConfigAsync(new RuntimeConfigRequest());

        Assert.Equal(CgroupDriver.Cgroupfs, config.Linux.CgroupDriver);
    }

    [Fact]
    public async Task An_rpc_not_yet_implemented_answers_unimplemented_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _daemon.Runtime.CheckpointContainerAsync(new CheckpointContainerRequest { ContainerId = "x" }));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("CheckpointContainer", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_calls_by_method_and_code_over_http()
    {
        await _daemon.Runtime.VersionAsync(new VersionRequest());
        await Assert.ThrowsAsync<RpcException>(async () => await _daemon.Runtime.CheckpointContainerAsync(new CheckpointContainerRequest()));

        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_daemon.MetricsPort}/metrics"));

        Assert.Contains("criruntime_grpc_requests_total{method=\"Version\",code=\"OK\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("criruntime_grpc_requests_total{method=\"CheckpointContainer\",code=\"Unimplemented\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("criruntime_grpc_request_duration_seconds_bucket{method=\"Version\",code=\"OK\"", text, StringComparison.Ordinal);
        Assert.Contains("criruntime_build_info{version=", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_are_logged_with_method_ids_and_status()
    {
        await Assert.ThrowsAsync<RpcException>(async () => await _daemon.Runtime.CheckpointContainerAsync(new CheckpointContainerRequest { ContainerId = "c0ffee" }));

        await Task.Delay(200);
        Assert.Contains("CheckpointContainer container_id=c0ffee failed in", _daemon.Output, StringComparison.Ordinal);
    }
}
