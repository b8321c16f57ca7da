using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, ServerCallContext context)
    {
        await containers.RemoveAsync(request.ContainerId, context.CancellationToken);
        return new RemoveContainerResponse();
    }
}
