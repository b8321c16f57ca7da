using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ListContainerStatsResponse> ListContainerStats(ListContainerStatsRequest request, ServerCallContext context)
    {
        var filter = request.Filter;
        var response = new ListContainerStatsResponse();
        response.Stats.AddRange(containers.ListStats(new Core.Containers.ContainerFilter
        {
            Id = filter?.Id ?? "",
            SandboxId = filter?.PodSandboxId ?? "",
            Labels = Copy(filter?.LabelSelector),
        }).Select(ToStats));
        return Task.FromResult(response);
    }
}
