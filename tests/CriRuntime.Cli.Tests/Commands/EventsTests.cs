using System.Text.Json.Nodes;
using CriRuntime.Cli.Tests.Fixtures;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class EventsTests(CliDaemon fixture)
{
    [Fact]
    public async Task Two_subscribers_and_criruntime_events_see_a_lifecycle_in_order_including_an_exit_nobody_asked_about()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cli = fixture.Start(["events", "-o", "json"], cancel.Token);
        await cli.WaitForAsync((_, error) => error.Contains("following container events", StringComparison.Ordinal));
        using var first = fixture.Daemon.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: cancel.Token);
        using var second = fixture.Daemon.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: cancel.Token);
        await first.ResponseHeadersAsync;
        await second.ResponseHeadersAsync;

        var podConfig = fixture.PodConfig("evented");
        var (pod, ids) = await fixture.RunPodAsync(podConfig, fixture.ContainerConfig("brief", ["/bin/sh", "-c", "sleep 1"]));
        var id = ids[0];
        ContainerEventType[] expected = [ContainerEventType.ContainerCreatedEvent, ContainerEventType.ContainerStartedEvent, ContainerEventType.ContainerStoppedEvent];

        // The container exits by itself and nobody calls the runtime: the stopped event comes from the exit watcher.
        var seenFirst = await ReadAsync(first, id, 3, cancel.Token);
        Assert.Equal(expected, seenFirst.Select(e => e.ContainerEventType));
        var stopped = seenFirst[2];
        Assert.Equal(pod, stopped.PodSandboxStatus.Id);
        Assert.Equal(ContainerState.ContainerExited, stopped.ContainersStatuses.Single(c => c.Id == id).State);

        await fixture.Daemon.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        Assert.Equal(ContainerEventType.ContainerDeletedEvent, (await ReadAsync(first, id, 1, cancel.Token))[0].ContainerEventType);
        Assert.Equal([.. expected, ContainerEventType.ContainerDeletedEvent], (await ReadAsync(second, id, 4, cancel.Token)).Select(e => e.ContainerEventType));

        await cli.WaitForAsync((output, _) => output.Contains("CONTAINER_DELETED_EVENT", StringComparison.Ordinal));
        var lines = cli.Out().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Where(e => e["containerId"]!.GetValue<string>() == id);
        Assert.Equal(["CONTAINER_CREATED_EVENT", "CONTAINER_STARTED_EVENT", "CONTAINER_STOPPED_EVENT", "CONTAINER_DELETED_EVENT"], lines.Select(e => e["containerEventType"]!.GetValue<string>()));

        await cancel.CancelAsync();
        Assert.Equal(ExitCodes.Interrupted, await cli.Exit);
        await fixture.Daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }

    private static async Task<List<ContainerEventResponse>> ReadAsync(AsyncServerStreamingCall<ContainerEventResponse> call, string id, int count, CancellationToken token)
    {
        var events = new List<ContainerEventResponse>();
        while (events.Count < count && await call.ResponseStream.MoveNext(token))
        {
            if (call.ResponseStream.Current.ContainerId == id)
            {
                events.Add(call.ResponseStream.Current);
            }
        }

        return events;
    }
}
