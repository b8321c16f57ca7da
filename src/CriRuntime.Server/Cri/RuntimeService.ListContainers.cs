using CriRuntime.Core.Containers;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context)
    {
        var filter = request.Filter;
        var response = new ListContainersResponse();
        foreach (var r in containers.List(new Core.Containers.ContainerFilter
        {
            Id = filter?.Id ?? "",
            State = filter?.State is { } state ? ToState(state.State) : null,
            SandboxId = filter?.PodSandboxId ?? "",
            Labels = Copy(filter?.LabelSelector),
        }))
        {
            response.Containers.Add(ToContainer(r));
        }

        return Task.FromResult(response);
    }

    private static Container ToContainer(ContainerRecord r)
    {
        var item = new Container
        {
            Id = r.Id,
            PodSandboxId = r.SandboxId,
            Metadata = ContainerMetadataOf(r),
            Image = new ImageSpec { Image = r.Image },
            ImageRef = r.ImageRef,
            ImageId = r.ImageId,
            State = FromState(r.State),
            CreatedAt = r.CreatedAt,
        };
        item.Labels.Add(Copy(r.Labels));
        item.Annotations.Add(Copy(r.Annotations));
        return item;
    }
}
