using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<ReopenContainerLogResponse> ReopenContainerLog(ReopenContainerLogRequest request, ServerCallContext context)
    {
        await containers.ReopenLogAsync(request.ContainerId, context.CancellationToken);
        return new ReopenContainerLogResponse();
    }
}
