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
        foreach (var family in new[] { "criruntime_grpc_requests_total", "criruntime_image_pull_bytes_total", "criruntime_containers", "criruntime_cni_operation_duration_seconds", "process_working_set_bytes" })
        {
            Assert.Contains(family, queried);
        }

        // The .NET runtime's own diagnostic families (event counters, System.* and Microsoft.* meters, the library's debug
        // metrics) are noise here; the process group stays (with its two GC figures).
        Assert.Contains("process_working_set_bytes", live);
        Assert.Equal(["dotnet_collection_count_total", "dotnet_total_memory_bytes"], live.Where(n => n.StartsWith("dotnet_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(live, n => n.StartsWith("microsoft_", StringComparison.Ordinal) || n.StartsWith("system_", StringComparison.Ordinal)
            || n.StartsWith("prometheus_net_", StringComparison.Ordinal));
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
