using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniPodNetworkTests : IDisposable
{
    private const string Chain = """{"cniVersion":"1.0.0","name":"podnet","plugins":[{"type":"bridge","capabilities":{"ipRanges":true}},{"type":"portmap","capabilities":{"portMappings":true}},{"type":"loopback"}]}""";

    private readonly TempDir _dir = new();
    private readonly FakeCniExecutor _executor = new();
    private readonly PodCidrSettings _podCidr = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<CniPodNetwork> _networks = [];

    public CniPodNetworkTests()
    {
        foreach (var plugin in new[] { "bridge", "portmap", "loopback", "failing" })
        {
            _dir.Write($"bin/{plugin}", "");
        }

        _executor.Handlers["bridge:ADD"] = _ => FakeCniExecutor.Result("10.99.0.5");
    }

    private string ConfDir => Path.Combine(_dir.Path, "net.d");

    private string CacheDir => Path.Combine(_dir.Path, "root", "cni", "results");

    public void Dispose()
    {
        foreach (var network in _networks)
        {
            network.Dispose();
        }

        _dir.Dispose();
    }

    private CniPodNetwork Network()
    {
        var network = new CniPodNetwork(
            new CniConfigWatcher(ConfDir, NullLogger.Instance, FakeHostFiles.Shared),
            new CniPluginInvoker(_executor, [Path.Combine(_dir.Path, "bin")], TimeSpan.FromSeconds(5), FakeHostFiles.Shared),
            new CniResultCache(CacheDir, FakeHostFiles.Shared, _time),
            _podCidr,
            NullLogger.Instance,
            FakeHostFiles.Shared,
            _time);
        _networks.Add(network);
        return network;
    }

    private static PodNetworkRequest Pod(string id = "sandbox1") => new()
    {
        SandboxId = id,
        NetnsPath = "/nonexistent/netns/" + id,
        PodNamespace = "default",
        PodName = "web",
        PodUid = "uid-1",
        PortMappings = [new PortMapping(80, 8080)],
    };

    [Fact]
    public void The_daemons_wiring_removes_the_temporary_files_of_cache_writes_a_killed_daemon_cut_off()
    {
        _dir.Write("root/cni/results/.tmp-sandbox1-eth0-0123456789abcdef", "{\"kind\":");
        _dir.Write("root/cni/results/sandbox2-eth0.json", "{}");
        var config = new Configuration.DaemonConfig { Root = Path.Combine(_dir.Path, "root"), State = Path.Combine(_dir.Path, "state"), Cni = new Configuration.CniSection { ConfDir = ConfDir } };

        using var network = CniPodNetwork.Create(config, _executor, _podCidr, NullLogger.Instance, FakeHostFiles.Shared, _time);

        Assert.Equal(["sandbox2-eth0.json"], Directory.EnumerateFiles(CacheDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_torn_down_pod_leaves_no_lock_behind()
    {
        _dir.Write("net.d/10-podnet.conflist", Chain);
        var network = Network();
        await network.SetUpAsync(Pod("sandbox1"), CancellationToken.None);
        await network.SetUpAsync(Pod("sandbox2"), CancellationToken.None);
        Assert.Equal(2, network.LockCount);

        await network.TearDownAsync(Pod("sandbox1"), CancellationToken.None);

        Assert.Equal(1, network.LockCount);
    }

    [Fact]
    public async Task Add_chains_the_plugins_with_prevResult_and_reports_the_pod_ip()
    {
        _dir.Write("net.d/10-podnet.conflist", Chain);
        _podCidr.PodCidr = "10.99.0.0/24";
        var network = Network();

        var status = await network.SetUpAsync(Pod(), CancellationToken.None);

        Assert.Equal("10.99.0.5", status.Ip);
        Assert.Equal("podnet", status.NetworkName);
        var calls = _executor.Calls;
        Assert.Equal(["bridge:ADD", "portmap:ADD", "loopback:ADD"], calls.Select(static c => $"{c.Plugin}:{c.Command}"));
        Assert.Null(calls[0].Config["prevResult"]);
        Assert.Contains("10.99.0.5/24", calls[1].Config["prevResult"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("10.99.0.5/24", calls[2].Config["prevResult"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("""{"ipRanges":[[{"subnet":"10.99.0.0/24"}]]}""", calls[0].Config["runtimeConfig"]!.ToJsonString());
        Assert.Equal("""{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}""", calls[1].Config["runtimeConfig"]!.ToJsonString());
        Assert.Null(calls[2].Config["runtimeConfig"]);
        Assert.Equal("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=sandbox1;K8S_POD_UID=uid-1", calls[0].Environment["CNI_ARGS"]);
        Assert.True(File.Exists(Path.Combine(CacheDir, "sandbox1-eth0.json")));
        Assert.Equal("10.99.0.5", network.CachedStatus("sandbox1")!.Ip);
    }

    [Fact]
    public async Task A_failure_mid_chain_deletes_the_whole_chain_in_reverse_and_clears_the_cache()
    {
        _dir.Write("net.d/10-podnet.conflist", """{"cniVersion":"1.0.0","name":"podnet","plugins":[{"type":"bridge"},{"type":"failing"},{"type":"loopback"}]}""");
        _executor.Handlers["failing:ADD"] = _ => new CniExecOutcome(1, """{"code":100,"msg":"boom"}""", "");
        var network = Network();

        var error = await Assert.ThrowsAsync<CriException>(() => network.SetUpAsync(Pod(), CancellationToken.None));

        Assert.Equal(ErrorKind.Internal, error.Kind);
        Assert.Contains("failed to set up the network of pod default/web (sandbox sandbox1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("CNI plugin \"failing\" (ADD, network \"podnet\", container sandbox1) failed: code 100 (plugin-specific error): boom", error.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["bridge:ADD", "failing:ADD", "loopback:DEL", "failing:DEL", "bridge:DEL"],
            _executor.Calls.Select(static c => $"{c.Plugin}:{c.Command}"));
        // DEL gets the last result there was (the bridge's), and an empty CNI_NETNS because the netns file is gone.
        var bridgeDel = _executor.Calls[^1];
        Assert.Contains("10.99.0.5/24", bridgeDel.Config["prevResult"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("", bridgeDel.Environment["CNI_NETNS"]);
        Assert.False(File.Exists(Path.Combine(CacheDir, "sandbox1-eth0.json")));
    }

    [Fact]
    public async Task When_the_undo_fails_too_the_cache_stays_for_the_next_del()
    {
        _dir.Write("net.d/10-podnet.conflist", """{"cniVersion":"1.0.0","name":"podnet","plugins":[{"type":"bridge"},{"type":"failing"}]}""");
        _executor.Handlers["failing"] = _ => new CniExecOutcome(1, """{"code":5,"msg":"io"}""", "");
        var network = Network();

        await Assert.ThrowsAsync<CriException>(() => network.SetUpAsync(Pod(), CancellationToken.None));

        Assert.True(File.Exists(Path.Combine(CacheDir, "sandbox1-eth0.json")));
        _executor.Handlers.Remove("failing");
        await network.TearDownAsync(Pod(), CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(CacheDir, "sandbox1-eth0.json")));
    }

    [Fact]
    public async Task Del_after_a_restart_and_a_config_change_uses_the_cached_config_and_result()
    {
        _dir.Write("net.d/10-podnet.conflist", Chain);
        await Network().SetUpAsync(Pod(), CancellationToken.None);
        File.Delete(Path.Combine(ConfDir, "10-podnet.conflist"));
        _dir.Write("net.d/20-other.conflist", """{"cniVersion":"1.0.0","name":"other","plugins":[{"type":"failing"}]}""");
        var calls = _executor.Calls.Count;

        var restarted = Network();
        await restarted.TearDownAsync(Pod(), CancellationToken.None);

        var dels = _executor.Calls.Skip(calls).ToList();
        Assert.Equal(["loopback:DEL", "portmap:DEL", "bridge:DEL"], dels.Select(static c => $"{c.Plugin}:{c.Command}"));
        Assert.All(dels, static d => Assert.Equal("podnet", (string)d.Config["name"]!));
        Assert.All(dels, static d => Assert.Contains("10.99.0.5/24", d.Config["prevResult"]!.ToJsonString(), StringComparison.Ordinal));
        Assert.Equal("""{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}""", dels[1].Config["runtimeConfig"]!.ToJsonString());
        Assert.Null(restarted.CachedStatus("sandbox1"));
    }

    [Fact]
    public async Task Del_is_idempotent_and_works_without_any_network()
    {
        var network = Network();

        await network.TearDownAsync(Pod(), CancellationToken.None);
        Assert.Empty(_executor.Calls);

        _dir.Write("net.d/10-podnet.conflist", Chain);
        await network.TearDownAsync(Pod(), CancellationToken.None);
        await network.TearDownAsync(Pod(), CancellationToken.None);
        Assert.Equal(6, _executor.Calls.Count(static c => c.Command == "DEL"));
    }

    [Fact]
    public async Task A_0_3_1_list_gets_no_prevResult_on_del_and_no_check()
    {
        _dir.Write("net.d/10-old.conflist", """{"cniVersion":"0.3.1","name":"old","plugins":[{"type":"bridge"}]}""");
        var network = Network();
        await network.SetUpAsync(Pod(), CancellationToken.None);

        Assert.False(await network.CheckAsync(Pod(), CancellationToken.None));
        await network.TearDownAsync(Pod(), CancellationToken.None);

        var del = _executor.Calls.Single(static c => c.Command == "DEL");
        Assert.Null(del.Config["prevResult"]);
        Assert.DoesNotContain(_executor.Calls, static c => c.Command == "CHECK");
    }

    [Fact]
    public async Task Check_runs_every_plugin_with_the_cached_result_and_reports_failures()
    {
        _dir.Write("net.d/10-podnet.conflist", Chain);
        var network = Network();
        await network.SetUpAsync(Pod(), CancellationToken.None);

        Assert.True(await network.CheckAsync(Pod(), CancellationToken.None));
        Assert.Equal(["bridge", "portmap", "loopback"], _executor.Calls.Where(static c => c.Command == "CHECK").Select(static c => c.Plugin));

        _executor.Handlers["portmap:CHECK"] = _ => new CniExecOutcome(1, """{"code":100,"msg":"chain missing"}""", "");
        var error = await Assert.ThrowsAsync<CriException>(() => network.CheckAsync(Pod(), CancellationToken.None));
        Assert.Contains("chain missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_network_add_fails_with_the_readiness_message()
    {
        var network = Network();

        var error = await Assert.ThrowsAsync<CriException>(() => network.SetUpAsync(Pod(), CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains(ConfDir, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_plugin_is_a_deadline_exceeded()
    {
        _dir.Write("net.d/10-podnet.conflist", Chain);
        _executor.Handlers["portmap:ADD"] = _ => new CniExecOutcome(-1, "", "", TimedOut: true);

        var error = await Assert.ThrowsAsync<CriException>(() => Network().SetUpAsync(Pod(), CancellationToken.None));

        Assert.Equal(ErrorKind.DeadlineExceeded, error.Kind);
    }

    [Fact]
    public async Task An_invalid_sandbox_id_is_refused_before_any_plugin_runs()
    {
        _dir.Write("net.d/10-podnet.conflist", Chain);

        var error = await Assert.ThrowsAsync<CriException>(() => Network().SetUpAsync(Pod("../x"), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(_executor.Calls);
    }

    [Fact]
    public async Task Readiness_flips_as_configs_appear_and_vanish()
    {
        var network = Network();
        var before = network.Readiness();
        Assert.False(before.Ready);
        Assert.Equal("NetworkPluginNotReady", before.Reason);

        var file = _dir.Write("net.d/10-podnet.conflist", Chain);
        Assert.True(network.Readiness().Ready);

        File.Delete(file);
        _dir.Write("net.d/10-podnet.conflist.bak", Chain);
        Assert.False(network.Readiness().Ready);

        // A config rewritten in place is seen once the watcher reports it.
        var rewritten = _dir.Write("net.d/10-podnet.conflist", "{}");
        Assert.False(network.Readiness().Ready);
        await File.WriteAllTextAsync(rewritten, Chain);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!network.Readiness().Ready && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(network.Readiness().Ready);
    }
}
