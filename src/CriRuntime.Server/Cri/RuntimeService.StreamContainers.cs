using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task StreamContainers(StreamContainersRequest request, IServerStreamWriter<StreamContainersResponse> responseStream, ServerCallContext context)
    {
        var list = await ListContainers(new ListContainersRequest { Filter = request.Filter }, context);
        await ListStream.WriteAsync(list.Containers, batch => new StreamContainersResponse { Containers = { batch } }, responseStream, context.CancellationToken);
    }
}
