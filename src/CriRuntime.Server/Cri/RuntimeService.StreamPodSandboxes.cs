using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task StreamPodSandboxes(StreamPodSandboxesRequest request, IServerStreamWriter<StreamPodSandboxesResponse> responseStream, ServerCallContext context)
    {
        var list = await ListPodSandbox(new ListPodSandboxRequest { Filter = request.Filter }, context);
        await ListStream.WriteAsync(list.Items, batch => new StreamPodSandboxesResponse { PodSandboxes = { batch } }, responseStream, context.CancellationToken);
    }
}
