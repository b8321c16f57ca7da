using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, ServerCallContext context)
    {
        var filter = request.Filter;
        var records = sandboxes.List(new SandboxFilter
        {
            Id = filter?.Id ?? "",
            State = filter?.State is { } state ? (state.State == PodSandboxState.SandboxReady ? SandboxState.Ready : SandboxState.NotReady) : null,
            Labels = Copy(filter?.LabelSelector),
        });
        var response = new ListPodSandboxResponse();
        foreach (var r in records)
        {
            var item = new PodSandbox
            {
                Id = r.Id,
                Metadata = SandboxMetadata(r),
                State = FromState(r.State),
                CreatedAt = r.CreatedAt,
                RuntimeHandler = r.RequestedHandler,
            };
            item.Labels.Add(Copy(r.Labels));
            item.Annotations.Add(Copy(r.Annotations));
            response.Items.Add(item);
        }

        return Task.FromResult(response);
    }
}
