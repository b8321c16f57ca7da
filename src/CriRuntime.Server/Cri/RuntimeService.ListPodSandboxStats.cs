using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ListPodSandboxStatsResponse> ListPodSandboxStats(ListPodSandboxStatsRequest request, ServerCallContext context)
    {
        var response = new ListPodSandboxStatsResponse();
        response.Stats.AddRange(sandboxes.List(new SandboxFilter
        {
            Id = request.Filter?.Id ?? "",
            State = SandboxState.Ready,
            Labels = Copy(request.Filter?.LabelSelector),
        }).Select(ToPodStats));
        return Task.FromResult(response);
    }
}
