using System.Text;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Namespace modes, sysctls, limits, OOM kills and log reopening (root only).</summary>
public sealed class PodOptionsTests : IAsyncLifetime
{
    private readonly PodHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_container_over_its_memory_limit_is_reported_OOMKilled()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("oom"), default);
        var request = _host.Container(pod, "hog", "/bin/sh", "-c", "head -c 200m /dev/zero | tail") with
        {
            Resources = new ResourceLimits { MemoryLimitInBytes = 16 << 20 },
        };
        var id = await _host.Containers.CreateAsync(request, default);
        await _host.Containers.StartAsync(id, default);

        var status = await WaitExitedAsync(id);
        Assert.Equal("OOMKilled", status.Reason);
        Assert.Equal(137, status.ExitCode);
    }

    [Fact]
    public async Task Host_network_pods_see_the_hosts_interfaces_and_pod_network_ones_only_loopback()
    {
        var hostPod = await _host.Sandboxes.RunAsync(_host.Sandbox("hostnet") with { NetworkMode = NamespaceMode.Node, IpcMode = NamespaceMode.Node }, default);
        var podPod = await _host.Sandboxes.RunAsync(_host.Sandbox("podnet") with { Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_unprivileged_port_start"] = "99" } }, default);
        Assert.Empty(_host.Sandboxes.Status(hostPod).PinnedNamespaces);

        // Other pods on the node add and remove veths meanwhile: the container must see every interface the host
        // had both before and after it looked, and none the host had at neither time.
        var hostBefore = HostInterfaces();
        var hostIfaces = await RunAsync(hostPod, "ls /sys/class/net");
        var hostAfter = HostInterfaces();
        var podIfaces = await RunAsync(podPod, "ls /sys/class/net; cat /proc/sys/net/ipv4/ip_unprivileged_port_start; hostname");

        var seen = hostIfaces.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(hostBefore.Intersect(hostAfter, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal), seen);
        Assert.Subset(hostBefore.Union(hostAfter, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal), seen);
        Assert.True(seen.Count > 1, $"a host-network container sees only {string.Join(' ', seen)}");
        Assert.Equal("lo\n99\npodnet\n", podIfaces);
    }

    private static string[] HostInterfaces() =>
        [.. Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>()];

    [Fact]
    public async Task Host_pid_pods_see_the_hosts_processes()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("hostpid", NamespaceMode.Node), default);

        var comm = await RunAsync(pod, "cat /proc/1/comm");

        Assert.Equal(await File.ReadAllTextAsync("/proc/1/comm"), comm);
    }

    [Fact]
    public async Task A_container_can_join_another_containers_pid_namespace()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("target"), default);
        var target = await _host.Containers.CreateAsync(_host.Container(pod, "target", "/bin/sleep", "3600"), default);
        await _host.Containers.StartAsync(target, default);
        var debug = await _host.Containers.CreateAsync(
            _host.Container(pod, "debug", "/bin/sleep", "3600") with { PidMode = NamespaceMode.Target, PidTargetId = target },
            default);
        await _host.Containers.StartAsync(debug, default);

        var ps = await _host.Containers.ExecSyncAsync(debug, ["/bin/cat", "/proc/1/cmdline"], TimeSpan.FromSeconds(10), default);

        Assert.Equal("/bin/sleep\03600\0", Encoding.UTF8.GetString(ps.Stdout));
    }

    [Fact]
    public async Task Privileged_containers_get_every_capability_and_a_writable_sys()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("privileged") with { Privileged = true }, default);
        var name = "priv";
        var id = await _host.Containers.CreateAsync(
            _host.Container(pod, name, "/bin/sh", "-c", "grep CapEff /proc/self/status; grep ' /sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1") with { Privileged = true },
            default);
        await _host.Containers.StartAsync(id, default);
        var status = await WaitExitedAsync(id);
        var log = string.Join('\n', (await File.ReadAllLinesAsync(status.LogPath)).Select(l => l.Split(' ', 4)[3]));

        Assert.Contains(File.ReadLines("/proc/self/status").First(l => l.StartsWith("CapBnd:", StringComparison.Ordinal))[7..].Trim(), log, StringComparison.Ordinal);
        Assert.EndsWith("rw", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tty_container_logs_its_terminal_output()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("tty"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "tty", "/bin/sh", "-c", "tty; echo hello") with { Tty = true }, default);
        await _host.Containers.StartAsync(id, default);

        var status = await WaitExitedAsync(id);

        Assert.Equal(0, status.ExitCode);
        var log = await File.ReadAllTextAsync(status.LogPath);
        Assert.Contains("/dev/pts/0", log, StringComparison.Ordinal);
        Assert.Contains("hello", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_devices_are_created_and_allowed()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("devices"), default);
        var request = _host.Container(pod, "dev", "/bin/sh", "-c", "head -c 4 /dev/myrandom | wc -c; ls -l /dev/myrandom") with
        {
            Devices = [("/dev/myrandom", "/dev/urandom", "r")],
        };
        var id = await _host.Containers.CreateAsync(request, default);
        await _host.Containers.StartAsync(id, default);

        var status = await WaitExitedAsync(id);
        var log = await File.ReadAllTextAsync(status.LogPath);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("stdout F 4", log, StringComparison.Ordinal);
        Assert.Contains("1,   9", log, StringComparison.Ordinal);
        Assert.Equal(
            Core.Errors.ErrorKind.InvalidArgument,
            (await Assert.ThrowsAsync<Core.Errors.CriException>(() => _host.Containers.CreateAsync(request with { Name = "bad", Devices = [("/dev/x", "/etc/hostname", "r")] }, default))).Kind);
    }

    [Fact]
    public async Task Reopen_moves_the_log_to_a_new_file_after_rotation()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("rotate"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "ticker", "/bin/sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done"), default);
        await _host.Containers.StartAsync(id, default);
        var log = _host.Containers.Status(id).LogPath;
        await ContainerLifecycleTests.WaitForLogAsync(log, "tick 2");

        File.Move(log, log + ".1");
        await _host.Containers.ReopenLogAsync(id, default);
        await ContainerLifecycleTests.WaitForLogAsync(log, "tick");

        await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(2), default);
        var ticks = (await File.ReadAllLinesAsync(log + ".1")).Concat(await File.ReadAllLinesAsync(log))
            .Select(l => int.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(Enumerable.Range(0, ticks.Count), ticks);
    }

    [Fact]
    public async Task Kubelets_limits_with_a_hugepage_limit_for_every_page_size_create_and_update_on_this_host()
    {
        // What kubelet v1.32 sends for a burstable container: a zero hugepage limit for every size the kernel offers,
        // whether or not the hugetlb controller is there (these hosts have none mounted), and swap equal to the limit
        // where the memory controller accounts swap.
        var capabilities = _host.Containers.CgroupCapabilities;
        var sizes = Directory.EnumerateDirectories("/sys/kernel/mm/hugepages")
            .Select(d => Linux.Cgroups.CgroupCapabilityProbe.PageSizeName(long.Parse(Path.GetFileName(d)[10..^2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(sizes.Order(StringComparer.Ordinal), capabilities.HugepageSizes.Order(StringComparer.Ordinal));
        var limits = new ResourceLimits
        {
            CpuPeriod = 100000,
            CpuQuota = 50000,
            CpuShares = 102,
            MemoryLimitInBytes = 64 << 20,
            MemorySwapLimitInBytes = capabilities.MemorySwap ? 64 << 20 : 0,
            OomScoreAdj = 968,
            HugepageLimits = sizes.ToDictionary(s => s, _ => 0UL, StringComparer.Ordinal),
        };
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("kubelet-limits"), default);

        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c", "/bin/sh", "-c", "sleep 60") with { Resources = limits }, default);
        await _host.Containers.StartAsync(id, default);
        var record = _host.Containers.Status(id);
        Assert.Equal(ContainerState.Running, record.State);
        var memory = Path.Combine(capabilities.Version == 2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory", record.CgroupsPath.TrimStart('/'));
        var limitFile = capabilities.Version == 2 ? "memory.max" : "memory.limit_in_bytes";
        Assert.Equal((64 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(Path.Combine(memory, limitFile))).Trim());

        await _host.Containers.UpdateResourcesAsync(id, limits with { MemoryLimitInBytes = 96 << 20, MemorySwapLimitInBytes = capabilities.MemorySwap ? 96 << 20 : 0 }, default);
        Assert.Equal((96 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(Path.Combine(memory, limitFile))).Trim());
        await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(2), default);
    }

    private async Task<string> RunAsync(string pod, string script)
    {
        var name = "run" + Guid.NewGuid().ToString("N")[..6];
        var id = await _host.Containers.CreateAsync(_host.Container(pod, name, "/bin/sh", "-c", script), default);
        await _host.Containers.StartAsync(id, default);
        var status = await WaitExitedAsync(id);
        var lines = await File.ReadAllLinesAsync(status.LogPath);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.Split(' ', 4)[3]).Append('\n');
        }

        return text.ToString();
    }

    private async Task<ContainerRecord> WaitExitedAsync(string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var status = _host.Containers.Status(id);
            if (status.State == ContainerState.Exited)
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"container {id} did not exit");
    }
}
