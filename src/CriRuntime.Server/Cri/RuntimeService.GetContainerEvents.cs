using System.Threading.Channels;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Events;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    /// <summary>
    /// GetContainerEvents: every container lifecycle event from the subscription on, with the sandbox's status and its
    /// containers' statuses as they are when the event is sent (a deleted container is no longer among them). Ends
    /// with ResourceExhausted when this subscriber falls too far behind.
    /// </summary>
    public override async Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context)
    {
        using var subscription = events.Subscribe();
        // Headers tell the client that it is subscribed: every event from now on reaches it.
        await context.WriteResponseHeadersAsync([]);
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(ToEventResponse(e, context), context.CancellationToken);
            }
        }
        catch (ChannelClosedException closed) when (closed.InnerException is CriException cutOff)
        {
            throw cutOff;
        }

        await subscription.Reader.Completion;
    }

    private ContainerEventResponse ToEventResponse(ContainerEvent e, ServerCallContext context)
    {
        var response = new ContainerEventResponse
        {
            ContainerId = e.ContainerId,
            ContainerEventType = e.Kind switch
            {
                ContainerEventKind.Created => ContainerEventType.ContainerCreatedEvent,
                ContainerEventKind.Started => ContainerEventType.ContainerStartedEvent,
                ContainerEventKind.Stopped => ContainerEventType.ContainerStoppedEvent,
                _ => ContainerEventType.ContainerDeletedEvent,
            },
            CreatedAt = e.CreatedAtNanos,
        };
        try
        {
            response.PodSandboxStatus = PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = e.SandboxId }, context).Result.Status;
        }
        catch (CriException gone) when (gone.Kind == ErrorKind.NotFound)
        {
            // The sandbox was removed since: the event still names the container.
        }

        foreach (var container in ListContainers(new ListContainersRequest { Filter = new Runtime.V1.ContainerFilter { PodSandboxId = e.SandboxId } }, context).Result.Containers)
        {
            try
            {
                response.ContainersStatuses.Add(ContainerStatus(new ContainerStatusRequest { ContainerId = container.Id }, context).Result.Status);
            }
            catch (CriException gone) when (gone.Kind == ErrorKind.NotFound)
            {
                // Removed between the list and the status.
            }
        }

        return response;
    }
}
