using System.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using Xunit;
using Xunit.Abstractions;

namespace CriRuntime.Integration.Tests.Networking;

/// <summary>
/// The CNI client with Debian's real plugins (bridge, host-local, portmap, loopback), in namespaces the tests create,
/// on a private subnet that cannot leave the machine (see <see cref="CniTestNetwork"/>). Needs root.
/// </summary>
[Collection(CniCollection.Name)]
public sealed class CniPluginTests(CniTestNetwork net, ITestOutputHelper output)
{
    [Fact]
    public async Task A_pod_gets_an_address_on_the_test_subnet_and_loses_it_on_teardown()
    {
        var scenario = net.NewScenario();
        using var client = scenario.Client();
        await using var netns = await TestNetns.CreateAsync();
        var pod = CniTestNetwork.Scenario.Pod(netns);

        var status = await client.SetUpAsync(pod, CancellationToken.None);

        Assert.StartsWith(net.SubnetPrefix + ".", status.Ip, StringComparison.Ordinal);
        Assert.Empty(status.AdditionalIps);
        Assert.Contains($"inet {status.Ip}/24", await netns.ExecAsync("ip", "-4", "addr", "show", "eth0"), StringComparison.Ordinal);
        Assert.Contains("UP", await netns.ExecAsync("ip", "link", "show", "lo"), StringComparison.Ordinal);
        Assert.Equal([status.Ip], scenario.Allocations());
        Assert.Equal(status.Ip, client.CachedStatus(netns.Id)!.Ip);
        Assert.True(await client.CheckAsync(pod, CancellationToken.None));

        await client.TearDownAsync(pod, CancellationToken.None);

        Assert.Empty(scenario.Allocations());
        await AssertNoLeftoversAsync(netns.Id);
        // Idempotent: a second DEL, and a DEL after the netns is gone, succeed.
        await client.TearDownAsync(pod, CancellationToken.None);
    }

    [Fact]
    public async Task Two_pods_reach_each_other_over_tcp()
    {
        var scenario = net.NewScenario();
        using var client = scenario.Client();
        await using var server = await TestNetns.CreateAsync();
        await using var caller = await TestNetns.CreateAsync();
        var serverIp = (await client.SetUpAsync(CniTestNetwork.Scenario.Pod(server), CancellationToken.None)).Ip;
        await client.SetUpAsync(CniTestNetwork.Scenario.Pod(caller), CancellationToken.None);
        try
        {
            await using var httpd = await HttpServer.StartAsync(server, scenario.Dir, "pod to pod");

            var body = await RetryAsync(async () =>
            {
                var (code, stdout, stderr) = await caller.TryExecAsync("busybox", "wget", "-q", "-Y", "off", "-O", "-", $"http://{serverIp}:{HttpServer.Port}/hello.txt");
                return code == 0 ? stdout : throw new InvalidOperationException($"wget exited with {code}: {stderr}");
            });

            Assert.Equal("pod to pod", body.Trim());
        }
        finally
        {
            await client.TearDownAsync(CniTestNetwork.Scenario.Pod(server), CancellationToken.None);
            await client.TearDownAsync(CniTestNetwork.Scenario.Pod(caller), CancellationToken.None);
        }

        Assert.Empty(scenario.Allocations());
    }

    [Fact]
    public async Task A_host_port_reaches_the_pods_server_from_the_host_side_of_the_bridge()
    {
        var scenario = net.NewScenario();
        using var client = scenario.Client();
        await using var netns = await TestNetns.CreateAsync();
        var hostPort = Random.Shared.Next(31000, 32000);
        var pod = CniTestNetwork.Scenario.Pod(netns, new PortMapping(HttpServer.Port, hostPort));
        await client.SetUpAsync(pod, CancellationToken.None);
        try
        {
            await using var httpd = await HttpServer.StartAsync(netns, scenario.Dir, "through portmap");
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

            var body = await RetryAsync(() => http.GetStringAsync(new Uri($"http://{net.Gateway}:{hostPort}/hello.txt")));

            Assert.Equal("through portmap", body.Trim());
            Assert.Contains(netns.Id, await HostCommand.CheckAsync("iptables-save", "-t", "nat"), StringComparison.Ordinal);
        }
        finally
        {
            await client.TearDownAsync(pod, CancellationToken.None);
        }

        await AssertNoLeftoversAsync(netns.Id);
    }

    [Fact]
    public async Task A_plugin_failing_mid_chain_leaves_no_address_and_no_interface()
    {
        var scenario = net.NewScenario("""{ "type": "failcni" }""");
        // Reads its config, then fails with a CNI error object, as a real plugin would.
        scenario.WritePlugin("failcni", """
            cat >/dev/null
            if [ "$CNI_COMMAND" = ADD ]; then
              echo '{"cniVersion":"1.0.0","code":100,"msg":"failcni refuses","details":"by design"}'
              exit 1
            fi
            """);
        using var client = scenario.Client();
        await using var netns = await TestNetns.CreateAsync();

        var error = await Assert.ThrowsAsync<CriException>(() => client.SetUpAsync(CniTestNetwork.Scenario.Pod(netns), CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Equal(ErrorKind.Internal, error.Kind);
        Assert.Contains("CNI plugin \"failcni\" (ADD", error.Message, StringComparison.Ordinal);
        Assert.Contains("code 100 (plugin-specific error): failcni refuses; by design", error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Allocations());
        Assert.DoesNotContain("eth0", await netns.ExecAsync("ip", "-o", "link"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scenario.Root, "cni", "results", netns.Id + "-eth0.json")));
        await AssertNoLeftoversAsync(netns.Id);
    }

    [Fact]
    public async Task A_hung_plugin_is_killed_at_the_timeout_and_the_add_undone()
    {
        var scenario = net.NewScenario("""{ "type": "hangcni" }""");
        var pidFile = Path.Combine(scenario.Dir, "hang.pid");
        scenario.WritePlugin("hangcni", $"""
            cat >/dev/null
            if [ "$CNI_COMMAND" = ADD ]; then echo $$ > {pidFile}; exec sleep 600; fi
            """);
        using var client = scenario.Client(TimeSpan.FromSeconds(2));
        await using var netns = await TestNetns.CreateAsync();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CriException>(() => client.SetUpAsync(CniTestNetwork.Scenario.Pod(netns), CancellationToken.None));

        Assert.Equal(ErrorKind.DeadlineExceeded, error.Kind);
        Assert.InRange(watch.Elapsed.TotalSeconds, 2, 20);
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"plugin process {pid} still runs");
        Assert.Empty(scenario.Allocations());
        await AssertNoLeftoversAsync(netns.Id);
    }

    [Fact]
    public async Task Del_after_a_restart_and_with_the_config_gone_uses_the_cached_result()
    {
        var scenario = net.NewScenario();
        await using var netns = await TestNetns.CreateAsync();
        var pod = CniTestNetwork.Scenario.Pod(netns, new PortMapping(80, Random.Shared.Next(32000, 33000)));
        using (var before = scenario.Client())
        {
            await before.SetUpAsync(pod, CancellationToken.None);
        }

        Assert.Single(scenario.Allocations());
        File.Delete(Path.Combine(scenario.ConfDir, "10-test.conflist"));

        using var after = scenario.Client();
        Assert.False(after.Readiness().Ready);
        Assert.NotNull(after.CachedStatus(netns.Id));
        await after.TearDownAsync(pod, CancellationToken.None);

        Assert.Empty(scenario.Allocations());
        await AssertNoLeftoversAsync(netns.Id);
    }

    [Fact]
    public async Task Repeated_add_del_cycles_leave_nothing_behind()
    {
        // 200 cycles locally; 50 when CI is set (each cycle runs 6 plugin processes).
        var cycles = Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ? 50 : 200;
        var scenario = net.NewScenario();
        using var client = scenario.Client();
        await using var netns = await TestNetns.CreateAsync();
        var iptablesBefore = await CniRuleCountAsync();
        var add = new List<double>();
        var del = new List<double>();

        for (var i = 0; i < cycles; i++)
        {
            var pod = CniTestNetwork.Scenario.Pod(netns, new PortMapping(80, 33000 + (i % 500))) with { SandboxId = $"{netns.Id}{i:x4}" };
            var watch = Stopwatch.StartNew();
            await client.SetUpAsync(pod, CancellationToken.None);
            add.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await client.TearDownAsync(pod, CancellationToken.None);
            del.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"{cycles} cycles: ADD mean {add.Average():F1} ms (p95 {Percentile(add, 0.95):F1}), DEL mean {del.Average():F1} ms (p95 {Percentile(del, 0.95):F1})");
        Assert.Empty(scenario.Allocations());
        Assert.Equal(iptablesBefore, await CniRuleCountAsync());
        await AssertNoLeftoversAsync(netns.Id);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scenario.Root, "cni", "results")));
    }

    private async Task AssertNoLeftoversAsync(string id)
    {
        var (_, veths, _) = await HostCommand.RunAsync("ip", "-o", "link", "show", "master", net.Bridge);
        Assert.Equal("", veths.Trim());
        var rules = await HostCommand.CheckAsync("iptables-save");
        Assert.DoesNotContain(id, rules, StringComparison.Ordinal);
    }

    private static async Task<int> CniRuleCountAsync() =>
        (await HostCommand.CheckAsync("iptables-save")).Split('\n').Count(static l => l.Contains("CNI-", StringComparison.Ordinal));

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (i < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>busybox httpd serving one file inside a namespace; killed by its PID.</summary>
    private sealed class HttpServer : IAsyncDisposable
    {
        public const int Port = 8080;
        private readonly Process _process;

        private HttpServer(Process process) => _process = process;

        public static async Task<HttpServer> StartAsync(TestNetns netns, string dir, string content)
        {
            var www = Path.Combine(dir, "www-" + netns.Id[..8]);
            Directory.CreateDirectory(www);
            await File.WriteAllTextAsync(Path.Combine(www, "hello.txt"), content + "\n");
            // ip netns exec execs busybox in place, so the PID is the server's.
            return new HttpServer(HostCommand.Start("ip", "netns", "exec", netns.Name, "busybox", "httpd", "-f", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", www));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
