using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<RemovePodSandboxResponse> RemovePodSandbox(RemovePodSandboxRequest request, ServerCallContext context)
    {
        await sandboxes.RemoveAsync(request.PodSandboxId, context.CancellationToken);
        return new RemovePodSandboxResponse();
    }
}
