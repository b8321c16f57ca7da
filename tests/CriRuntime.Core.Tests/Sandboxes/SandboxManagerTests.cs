using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.Core.Tests.Containers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CriRuntime.Core.Tests.Sandboxes;

public sealed class SandboxManagerTests : IDisposable
{
    private readonly FakeHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Without_a_hostname_the_pod_takes_the_nodes_and_an_overlong_one_is_refused()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        Assert.Equal(Environment.MachineName + "\n", await File.ReadAllTextAsync(_host.Paths.HostnameFile(id)));

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Sandboxes.RunAsync(_host.Sandbox("q") with { Hostname = new string('h', 65) }, default));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task Pod_level_resources_are_kept_from_run_and_replaced_by_an_update()
    {
        var id = await _host.Sandboxes.RunAsync(
            _host.Sandbox("p") with { Resources = new ResourceLimits { MemoryLimitInBytes = 64 << 20 }, Overhead = new ResourceLimits { CpuShares = 10 } },
            default);

        await _host.Sandboxes.UpdateResourcesAsync(id, null, new ResourceLimits { MemoryLimitInBytes = 128 << 20 }, default);

        var record = _host.Sandboxes.Status(id);
        Assert.Equal(128 << 20, record.Resources!.MemoryLimitInBytes);
        Assert.Equal(10, record.Overhead!.CpuShares);
        var error = await Assert.ThrowsAsync<CriException>(() => _host.Sandboxes.UpdateResourcesAsync("nosuchpod", null, null, default));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task A_pod_user_namespace_on_a_handler_without_support_is_refused_before_anything_is_made()
    {
        var userns = new UserNamespaceOptions { Mode = NamespaceMode.Pod, Uids = [new IdMapping(0, 300000, 65536)], Gids = [new IdMapping(0, 300000, 65536)] };
        var error = await Assert.ThrowsAsync<CriException>(() => _host.Sandboxes.RunAsync(_host.Sandbox("userns") with { UserNamespace = userns }, default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("userns_options", error.Message, StringComparison.Ordinal);
        Assert.Empty(_host.SandboxHost.Pinned);
        Assert.Empty(_host.Network.Calls);
    }

    [Fact]
    public async Task Run_pins_namespaces_mounts_shm_writes_files_and_sets_up_the_network()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p") with { DnsServers = ["10.0.0.10"], Hostname = "p" }, default);

        var record = _host.Sandboxes.Status(id);
        Assert.Equal(SandboxState.Ready, record.State);
        Assert.Equal("10.1.0.5", record.Ip);
        Assert.Equal(3, _host.SandboxHost.Pinned.Count);
        Assert.Single(_host.SandboxHost.Mounted);
        Assert.Equal("nameserver 10.0.0.10\n", await File.ReadAllTextAsync(_host.Paths.ResolvConf(id)));
        Assert.Equal("p\n", await File.ReadAllTextAsync(_host.Paths.HostnameFile(id)));
        Assert.Equal(["add p"], _host.Network.Calls);
    }

    [Fact]
    public async Task A_failed_network_set_up_undoes_every_step()
    {
        _host.Network.SetUpFailure = new CriException(ErrorKind.Internal, "plugin failed");

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Sandboxes.RunAsync(_host.Sandbox("p"), default));

        Assert.Equal("plugin failed", error.Message);
        Assert.Empty(_host.SandboxHost.Pinned);
        Assert.Empty(_host.SandboxHost.Mounted);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_host.Config.State, "sandboxes")));
        Assert.Empty(_host.Sandboxes.List(new SandboxFilter()));
        Assert.Equal(["add p", "del p"], _host.Network.Calls);
        _host.Network.SetUpFailure = null;
        Assert.NotEmpty(await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default));
    }

    [Fact]
    public async Task A_pod_whose_run_was_cut_off_is_recovered_not_ready_and_its_stop_tears_down_the_network()
    {
        // The daemon "dies" in CNI ADD: the record is on disk, the call never answered.
        var cniAdd = new TaskCompletionSource<PodNetworkStatus>();
        _host.Network.SetUpPending = cniAdd.Task;
        var run = _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        for (var waited = 0; !_host.Network.Calls.Contains("add p") && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        Assert.False(run.IsCompleted);

        var store = new ObjectStore<SandboxRecord>(_host.Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, _host.Files, _host.Time);
        var restarted = new SandboxManager(store, _host.Containers, _host.SandboxHost, _host.Network, new FakeRuntimes(_host.Runtime), _host.Paths, NullLogger<SandboxManager>.Instance, _host.Files, _host.Time);
        restarted.Recover();

        var pod = Assert.Single(restarted.List(new SandboxFilter()));
        Assert.Equal(SandboxState.NotReady, pod.State);
        Assert.Equal("", pod.Ip);
        await restarted.StopAsync(pod.Id, default);
        Assert.Equal(["add p", "del p"], _host.Network.Calls);
        Assert.Empty(_host.SandboxHost.Pinned);
        Assert.False(restarted.Status(pod.Id).Creating);

        cniAdd.SetException(new OperationCanceledException());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Recovery_removes_what_a_run_cut_off_before_its_record_left_and_keeps_recorded_pods()
    {
        var kept = await _host.Sandboxes.RunAsync(_host.Sandbox("kept"), default);
        // The daemon died in RunPodSandbox after pinning the namespaces and mounting /dev/shm, before the record.
        const string orphan = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Directory.CreateDirectory(_host.Paths.NamespaceDir(orphan));
        var pins = await _host.SandboxHost.PinNamespacesAsync(_host.Paths.NamespaceDir(orphan), network: true, ipc: true, uts: true, "o", default);
        Directory.CreateDirectory(_host.Paths.ShmDir(orphan));
        _host.SandboxHost.Mounted.Add(_host.Paths.ShmDir(orphan));

        var store = new ObjectStore<SandboxRecord>(_host.Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, _host.Files, _host.Time);
        var restarted = new SandboxManager(store, _host.Containers, _host.SandboxHost, _host.Network, new FakeRuntimes(_host.Runtime), _host.Paths, NullLogger<SandboxManager>.Instance, _host.Files, _host.Time);
        restarted.Recover();

        Assert.False(Directory.Exists(_host.Paths.SandboxDir(orphan)));
        Assert.DoesNotContain(pins.Values, _host.SandboxHost.Pinned.Contains);
        Assert.DoesNotContain(_host.Paths.ShmDir(orphan), _host.SandboxHost.Mounted);
        Assert.Equal(SandboxState.Ready, restarted.Status(kept).State);
        Assert.True(Directory.Exists(_host.Paths.SandboxDir(kept)));
    }

    [Fact]
    public async Task A_finished_run_is_not_creating_and_stays_ready_across_a_restart()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);

        var store = new ObjectStore<SandboxRecord>(_host.Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, _host.Files, _host.Time);
        var restarted = new SandboxManager(store, _host.Containers, _host.SandboxHost, _host.Network, new FakeRuntimes(_host.Runtime), _host.Paths, NullLogger<SandboxManager>.Instance, _host.Files, _host.Time);
        restarted.Recover();

        Assert.False(_host.Sandboxes.Status(id).Creating);
        Assert.Equal(SandboxState.Ready, restarted.Status(id).State);
        Assert.Equal("10.1.0.5", restarted.Status(id).Ip);
    }

    [Fact]
    public async Task Host_namespaces_are_not_pinned_and_get_no_network()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("h") with { NetworkMode = NamespaceMode.Node, IpcMode = NamespaceMode.Node }, default);

        Assert.Empty(_host.Sandboxes.Status(id).PinnedNamespaces);
        Assert.Empty(_host.SandboxHost.Mounted);
        Assert.Empty(_host.Network.Calls);
    }

    [Fact]
    public async Task Stop_kills_containers_and_releases_the_namespaces_idempotently_and_remove_leaves_nothing()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var container = await _host.Containers.CreateAsync(_host.Container(id, "c"), default);
        await _host.Containers.StartAsync(container, default);

        await _host.Sandboxes.StopAsync(id, default);
        await _host.Sandboxes.StopAsync(id, default);

        Assert.Equal(SandboxState.NotReady, _host.Sandboxes.Status(id).State);
        Assert.Equal(ContainerState.Exited, _host.Containers.Status(container).State);
        Assert.Empty(_host.SandboxHost.Pinned);
        Assert.Empty(_host.SandboxHost.Mounted);
        Assert.Equal(["add p", "del p"], _host.Network.Calls);
        Assert.Equal(ErrorKind.FailedPrecondition, (await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(id, "late"), default))).Kind);

        await _host.Sandboxes.RemoveAsync(id, default);
        await _host.Sandboxes.RemoveAsync(id, default);
        Assert.Empty(_host.Containers.List(new ContainerFilter()));
        Assert.False(Directory.Exists(_host.Paths.SandboxDir(id)));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<CriException>(() => _host.Sandboxes.Status(id)).Kind);
    }

    [Fact]
    public async Task List_filters_by_id_prefix_state_and_labels()
    {
        var a = await _host.Sandboxes.RunAsync(_host.Sandbox("a") with { Labels = new Dictionary<string, string> { ["app"] = "x" } }, default);
        var b = await _host.Sandboxes.RunAsync(_host.Sandbox("b") with { Labels = new Dictionary<string, string> { ["app"] = "y" } }, default);
        await _host.Sandboxes.StopAsync(b, default);

        Assert.Equal([a], _host.Sandboxes.List(new SandboxFilter { Labels = new Dictionary<string, string> { ["app"] = "x" } }).Select(s => s.Id));
        Assert.Equal([b], _host.Sandboxes.List(new SandboxFilter { State = SandboxState.NotReady }).Select(s => s.Id));
        Assert.Equal([a], _host.Sandboxes.List(new SandboxFilter { Id = a[..10] }).Select(s => s.Id));
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<CriException>(() => _host.Sandboxes.RunAsync(_host.Sandbox("c") with { Handler = "kata" }, default))).Kind);
    }
}
