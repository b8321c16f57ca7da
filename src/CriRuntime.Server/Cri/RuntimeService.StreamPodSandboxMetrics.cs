using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    /// <summary>ListPodSandboxMetrics' answer, streamed (Unimplemented for as long as that RPC is).</summary>
    public override async Task StreamPodSandboxMetrics(StreamPodSandboxMetricsRequest request, IServerStreamWriter<StreamPodSandboxMetricsResponse> responseStream, ServerCallContext context)
    {
        var list = await ListPodSandboxMetrics(new ListPodSandboxMetricsRequest(), context);
        await ListStream.WriteAsync(list.PodMetrics, batch => new StreamPodSandboxMetricsResponse { PodSandboxMetrics = { batch } }, responseStream, context.CancellationToken);
    }
}
