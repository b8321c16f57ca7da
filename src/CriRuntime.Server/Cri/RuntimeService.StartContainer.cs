using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<StartContainerResponse> StartContainer(StartContainerRequest request, ServerCallContext context)
    {
        await containers.StartAsync(request.ContainerId, context.CancellationToken);
        return new StartContainerResponse();
    }
}
