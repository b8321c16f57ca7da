using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ListMetricDescriptorsResponse> ListMetricDescriptors(ListMetricDescriptorsRequest request, ServerCallContext context)
    {
        var response = new ListMetricDescriptorsResponse();
        response.Descriptors.AddRange(CadvisorMetrics.Descriptors());
        return Task.FromResult(response);
    }
}
