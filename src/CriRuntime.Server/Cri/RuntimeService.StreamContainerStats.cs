using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task StreamContainerStats(StreamContainerStatsRequest request, IServerStreamWriter<StreamContainerStatsResponse> responseStream, ServerCallContext context)
    {
        var list = await ListContainerStats(new ListContainerStatsRequest { Filter = request.Filter }, context);
        await ListStream.WriteAsync(list.Stats, batch => new StreamContainerStatsResponse { ContainerStats = { batch } }, responseStream, context.CancellationToken);
    }
}
