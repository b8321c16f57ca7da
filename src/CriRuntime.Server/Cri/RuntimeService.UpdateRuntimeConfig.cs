using System.Net;
using CriRuntime.Core.Errors;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<UpdateRuntimeConfigResponse> UpdateRuntimeConfig(UpdateRuntimeConfigRequest request, ServerCallContext context)
    {
        var cidr = request.RuntimeConfig?.NetworkConfig?.PodCidr ?? "";
        if (cidr.Length > 0)
        {
            // kubelet may send a comma-separated dual-stack pair; each half must be a CIDR.
            foreach (var part in cidr.Split(','))
            {
                if (!IPNetwork.TryParse(part.Trim(), out _))
                {
                    throw CriException.InvalidArgument($"pod CIDR \"{part}\" is not a CIDR");
                }
            }

            settings.PodCidr = cidr;
        }

        return Task.FromResult(new UpdateRuntimeConfigResponse());
    }
}
