using System.Text.Json.Nodes;
using CriRuntime.Cli.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class ContainerCommandTests(CliDaemon fixture)
{
    [Fact]
    public async Task Pods_ps_inspect_stats_and_removal_against_running_containers()
    {
        var podConfig = fixture.PodConfig("listing", ("tier", "web"));
        var (pod, ids) = await fixture.RunPodAsync(podConfig,
            fixture.ContainerConfig("sleeper", ["/bin/sleep", "3600"], ("role", "server")),
            fixture.ContainerConfig("quick", ["/bin/sh", "-c", "echo done"], ("role", "job")));
        var (sleeper, quick) = (ids[0], ids[1]);
        await fixture.WaitExitedAsync(quick);

        var pods = JsonNode.Parse((await fixture.RunAsync("pods", "--label", "tier=web", "-o", "json")).Out)!["items"]!.AsArray();
        Assert.Equal(pod, Assert.Single(pods)!["id"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse((await fixture.RunAsync("pods", "--label", "tier=db", "-o", "json")).Out)!["items"]!.AsArray());
        Assert.Contains(pod, (await fixture.RunAsync("pods", "-q", "--state", "ready")).Out, StringComparison.Ordinal);

        var running = await fixture.RunAsync("ps", "--pod", "listing");
        Assert.True(running.Code == 0, running.ToString());
        var rows = running.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("CONTAINER", rows[0], StringComparison.Ordinal);
        var row = Assert.Single(rows[1..]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(sleeper[..13], row[0]);
        Assert.Contains("Running", row);
        Assert.Contains("listing", row);

        var all = JsonNode.Parse((await fixture.RunAsync("ps", "-a", "--pod", pod[..10], "-o", "json")).Out)!["containers"]!.AsArray();
        Assert.Equal(new[] { quick, sleeper }.Order(StringComparer.Ordinal), all.Select(c => c!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var exited = (await fixture.RunAsync("ps", "--state", "exited", "--pod", pod, "-q")).Out.Trim();
        Assert.Equal(quick, exited);
        Assert.Equal(sleeper, (await fixture.RunAsync("ps", "-a", "--label", "role=server", "-q")).Out.Trim());

        var inspect = JsonNode.Parse((await fixture.RunAsync("inspect", sleeper[..12])).Out)!;
        Assert.Equal("CONTAINER_RUNNING", inspect["status"]!["state"]!.GetValue<string>());
        Assert.Equal("sleeper", inspect["status"]!["metadata"]!["name"]!.GetValue<string>());
        var inspectp = JsonNode.Parse((await fixture.RunAsync("inspectp", "listing")).Out)!;
        Assert.Equal("SANDBOX_READY", inspectp["status"]!["state"]!.GetValue<string>());
        var several = JsonNode.Parse((await fixture.RunAsync("inspect", sleeper, quick)).Out)!.AsArray();
        Assert.Equal(2, several.Count);

        var stats = JsonNode.Parse((await fixture.RunAsync("stats", "--pod", pod, "-o", "json")).Out)!["stats"]!.AsArray();
        var sleeperStats = stats.Single(s => s!["attributes"]!["id"]!.GetValue<string>() == sleeper)!;
        Assert.True(long.Parse(sleeperStats["memory"]!["workingSetBytes"]!["value"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var statsTable = await fixture.RunAsync("stats", "sleeper");
        Assert.Matches(@"(?m)^\w{13}\s+sleeper\s+\d+\.\d\d\s+\S+B\s", statsTable.Out);

        var refused = await fixture.RunAsync("rm", "sleeper");
        Assert.Equal(ExitCodes.Failed, refused.Code);
        Assert.Contains("rm --force", refused.Error, StringComparison.Ordinal);
        var stopped = await fixture.RunAsync("stop", "-t", "1", "sleeper");
        Assert.True(stopped.Code == 0, stopped.ToString());
        Assert.Equal(sleeper, stopped.Out.Trim());
        Assert.Equal(0, (await fixture.RunAsync("rm", sleeper)).Code);
        Assert.Equal(ExitCodes.NotFound, (await fixture.RunAsync("inspect", sleeper)).Code);

        Assert.Equal(ExitCodes.Failed, (await fixture.RunAsync("rmp", "listing")).Code);
        Assert.Equal(0, (await fixture.RunAsync("stopp", "listing")).Code);
        Assert.Equal(0, (await fixture.RunAsync("rmp", "listing")).Code);
        Assert.DoesNotContain(pod, (await fixture.RunAsync("pods", "-q")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_prints_streams_apart_with_tail_timestamps_since_and_follow()
    {
        var podConfig = fixture.PodConfig("logging");
        var (pod, ids) = await fixture.RunPodAsync(podConfig,
            fixture.ContainerConfig("printer", ["/bin/sh", "-c", "echo oops >&2; sleep 0.2; echo one; echo two; printf 'no newline'"]),
            fixture.ContainerConfig("ticker", ["/bin/sh", "-c", "for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.3; done"]));
        await fixture.WaitExitedAsync(ids[0]);

        var logs = await fixture.RunAsync("logs", "printer");
        Assert.True(logs.Code == 0, logs.ToString());
        // A last line without a newline is kept partial (P) in the file, and printed as it was written.
        Assert.Equal("one\ntwo\nno newline", logs.Out);
        Assert.Equal("oops\n", logs.Error);

        Assert.Equal("no newline", (await fixture.RunAsync("logs", "--tail", "1", "printer")).Out);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z one\n", (await fixture.RunAsync("logs", "--timestamps", "printer")).Out);
        Assert.Equal("", (await fixture.RunAsync("logs", "--since", "2099-01-01T00:00:00Z", "printer")).Out);
        Assert.Equal("one\ntwo\nno newline", (await fixture.RunAsync("logs", "--since", "10m", "printer")).Out);

        // -f returns by itself once the container has exited, with every line it wrote.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var followed = await CliDaemon.RunAtAsync(fixture.Endpoint, ["logs", "-f", "ticker"], timeout.Token);
        Assert.True(followed.Code == 0, followed.ToString());
        Assert.Equal(string.Concat(Enumerable.Range(1, 6).Select(i => $"tick {i}\n")), followed.Out);

        await fixture.Daemon.Runtime.RemovePodSandboxAsync(new Runtime.V1.RemovePodSandboxRequest { PodSandboxId = pod });
    }
}
