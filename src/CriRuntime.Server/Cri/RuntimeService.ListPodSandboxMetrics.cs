using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ListPodSandboxMetricsResponse> ListPodSandboxMetrics(ListPodSandboxMetricsRequest request, ServerCallContext context)
    {
        var response = new ListPodSandboxMetricsResponse();
        foreach (var sandbox in sandboxes.List(new SandboxFilter { State = SandboxState.Ready }))
        {
            var usages = containers.ListStats(new Core.Containers.ContainerFilter { SandboxId = sandbox.Id });
            response.PodMetrics.Add(CadvisorMetrics.ForPod(sandbox, usages, sandboxes.NetworkUsage(sandbox)));
        }

        return Task.FromResult(response);
    }
}
