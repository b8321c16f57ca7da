using System.CommandLine;
using System.Text.Json.Nodes;
using CriRuntime.Cli.Output;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>events</c>: follows GetContainerEvents until Ctrl-C, one line per event (one JSON object per line with
/// <c>-o json</c>, a YAML document each with <c>-o yaml</c>).
/// </summary>
internal static class EventsCommand
{
    public static Command Create(CliApp.Runner run)
    {
        var command = new Command("events", "follow container lifecycle events (created, started, stopped, deleted)");
        run.Action(command, static async (cli, _, token) =>
        {
            using var call = cli.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: token);
            // The runtime sends headers once subscribed: from then on no event is missed.
            await call.ResponseHeadersAsync;
            await cli.Error.WriteLineAsync($"following container events of {cli.Endpoint} (Ctrl-C to stop)");
            // A deleted container has no status left to send: its name is the one an earlier event of it carried.
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var e in call.ResponseStream.ReadAllAsync(token))
            {
                if (cli.Format != OutputFormat.Table)
                {
                    Structured.WriteLine(cli.Out, cli.Format, Structured.ToNode(e));
                }
                else
                {
                    var time = DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAt / 1_000_000).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
                    var container = e.ContainersStatuses.FirstOrDefault(c => c.Id == e.ContainerId);
                    var pod = e.PodSandboxStatus?.Metadata;
                    var name = container?.Metadata?.Name ?? names.GetValueOrDefault(e.ContainerId, "-");
                    if (e.ContainerEventType == ContainerEventType.ContainerDeletedEvent)
                    {
                        names.Remove(e.ContainerId);
                    }
                    else
                    {
                        names[e.ContainerId] = name;
                    }

                    await cli.Out.WriteLineAsync($"{time} {Kind(e.ContainerEventType),-7} {Human.Short(e.ContainerId)} name={name} pod={pod?.Namespace ?? "-"}/{pod?.Name ?? "-"}");
                }

                await cli.Out.FlushAsync(token);
            }

            await cli.Error.WriteLineAsync("criruntime: the runtime ended the event stream");
            return ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>"created", "started", "stopped", "deleted".</summary>
    internal static string Kind(ContainerEventType type) => type switch
    {
        ContainerEventType.ContainerCreatedEvent => "created",
        ContainerEventType.ContainerStartedEvent => "started",
        ContainerEventType.ContainerStoppedEvent => "stopped",
        _ => "deleted",
    };
}
