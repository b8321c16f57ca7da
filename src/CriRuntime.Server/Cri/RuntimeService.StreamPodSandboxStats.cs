using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task StreamPodSandboxStats(StreamPodSandboxStatsRequest request, IServerStreamWriter<StreamPodSandboxStatsResponse> responseStream, ServerCallContext context)
    {
        var list = await ListPodSandboxStats(new ListPodSandboxStatsRequest { Filter = request.Filter }, context);
        await ListStream.WriteAsync(list.Stats, batch => new StreamPodSandboxStatsResponse { PodSandboxStats = { batch } }, responseStream, context.CancellationToken);
    }
}
