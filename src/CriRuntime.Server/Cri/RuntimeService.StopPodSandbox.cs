using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<StopPodSandboxResponse> StopPodSandbox(StopPodSandboxRequest request, ServerCallContext context)
    {
        await sandboxes.StopAsync(request.PodSandboxId, context.CancellationToken);
        return new StopPodSandboxResponse();
    }
}
