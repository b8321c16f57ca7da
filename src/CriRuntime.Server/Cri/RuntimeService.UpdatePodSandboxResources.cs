using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<UpdatePodSandboxResourcesResponse> UpdatePodSandboxResources(UpdatePodSandboxResourcesRequest request, ServerCallContext context)
    {
        await sandboxes.UpdateResourcesAsync(request.PodSandboxId, ToLimits(request.Overhead), ToLimits(request.Resources), context.CancellationToken);
        return new UpdatePodSandboxResourcesResponse();
    }
}
