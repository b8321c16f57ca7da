using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<StopContainerResponse> StopContainer(StopContainerRequest request, ServerCallContext context)
    {
        await containers.StopAsync(request.ContainerId, TimeSpan.FromSeconds(Math.Max(0, request.Timeout)), context.CancellationToken);
        return new StopContainerResponse();
    }
}
