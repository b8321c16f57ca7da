using CriRuntime.Core.Errors;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<UpdateContainerResourcesResponse> UpdateContainerResources(UpdateContainerResourcesRequest request, ServerCallContext context)
    {
        var limits = ToLimits(request.Linux) ?? throw CriException.InvalidArgument("linux resources are required");
        await containers.UpdateResourcesAsync(request.ContainerId, limits, context.CancellationToken);
        return new UpdateContainerResourcesResponse();
    }
}
