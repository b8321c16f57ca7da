using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CriRuntime.Cli.Tests.Fixtures;
using CriRuntime.Core.Diagnostics;

namespace CriRuntime.Cli.Tests.Deploy;

[Collection(CliDaemonCollection.Name)]
public sealed partial class DashboardTests(CliDaemon fixture)
{
    [Fact]
    public async Task The_Grafana_dashboard_queries_only_metrics_the_daemon_exports_and_the_endpoint_has_no_runtime_internals()
    {
        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{fixture.Daemon.MetricsPort}/metrics"));
        var live = TypeLine().Matches(exposition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var declared = typeof(CriMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<Prometheus.Collector>().Select(c => c.Name);
        var exported = live.Union(declared).ToHashSet(StringComparer.Ordinal);

        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root(), "deploy", "grafana", "criruntime.json")))!;
        var queried = Expressions(dashboard)
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(n => Regex.Replace(n, "_(bucket|sum|count)$", ""))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(queried);
        Assert.DoesNotContain(queried, n => !exported.Contains(n));
        foreach (var family in new[]
        {
            "criruntime_grpc_requests_total", "criruntime_image_pull_bytes_total", "criruntime_containers", "criruntime_cni_operation_duration_seconds",
            "criruntime_shims", "criruntime_shims_lost_total", "criruntime_stream_sessions_active", "criruntime_stream_sessions_total", "process_working_set_bytes",
        })
        {
            Assert.Contains(family, queried);
        }

        // Families without labels are on the endpoint from the start, not only declared.
        Assert.Contains("criruntime_shims", live);
        Assert.Contains("criruntime_shims_lost_total", live);

        // The .NET runtime's own diagnostic families (event counters, System.* and Microsoft.* meters, the library's debug
        // metrics) are noise here; the process group stays (with its two GC figures).
        Assert.Contains("process_working_set_bytes", live);
        Assert.Equal(["dotnet_collection_count_total", "dotnet_total_memory_bytes"], live.Where(n => n.StartsWith("dotnet_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(live, n => n.StartsWith("microsoft_", StringComparison.Ordinal) || n.StartsWith("system_", StringComparison.Ordinal)
            || n.StartsWith("prometheus_net_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shim_gauge_counts_live_containers_and_exec_sessions_are_counted_by_kind()
    {
        var (pod, ids) = await fixture.RunPodAsync(
            fixture.PodConfig("metrics-pod"),
            fixture.ContainerConfig("metrics-sleeper", ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]));
        var execsBefore = await SumAsync("criruntime_stream_sessions_total", "kind=\"exec\"");
        Assert.Equal(0, (await fixture.RunAsync("exec", ids[0], "true")).Code);
        Assert.Equal(execsBefore + 1, await SumAsync("criruntime_stream_sessions_total", "kind=\"exec\""));

        // The gauge follows the shims' connections, so it settles once a shim has come or gone.
        await SettledAsync(1);
        await fixture.Daemon.Runtime.StopContainerAsync(new Runtime.V1.StopContainerRequest { ContainerId = ids[0], Timeout = 10 });
        await SettledAsync(0);
        await fixture.Daemon.Runtime.RemovePodSandboxAsync(new Runtime.V1.RemovePodSandboxRequest { PodSandboxId = pod });

        async Task SettledAsync(int atLeast)
        {
            double shims = -1;
            var live = -1;
            for (var attempt = 0; attempt < 300; attempt++)
            {
                shims = await SumAsync("criruntime_shims", "");
                live = (await fixture.Daemon.Runtime.ListContainersAsync(new Runtime.V1.ListContainersRequest())).Containers
                    .Count(c => c.State is Runtime.V1.ContainerState.ContainerRunning or Runtime.V1.ContainerState.ContainerCreated);
                if (shims == live && live >= atLeast)
                {
                    return;
                }

                await Task.Delay(100);
            }

            Assert.Fail($"criruntime_shims is {shims} with {live} live containers (expected equal, at least {atLeast})");
        }
    }

    /// <summary>The sum of a family's samples whose labels contain <paramref name="label"/> ("" for all).</summary>
    private async Task<double> SumAsync(string family, string label)
    {
        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{fixture.Daemon.MetricsPort}/metrics"));
        return exposition.Split('\n')
            .Where(l => (l.StartsWith(family + " ", StringComparison.Ordinal) || l.StartsWith(family + "{", StringComparison.Ordinal)) && l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IEnumerable<string> Expressions(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "expr" && p.Value is JsonValue v ? [v.GetValue<string>()] : Expressions(p.Value)),
        JsonArray a => a.SelectMany(Expressions),
        _ => [],
    };

    [GeneratedRegex(@"(?m)^# TYPE (\S+) ")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"\b(criruntime|process)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
