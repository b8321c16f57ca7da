using CriRuntime.Core.Errors;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, ServerCallContext context)
    {
        var config = request.Config ?? throw CriException.InvalidArgument("config is required");
        var id = await containers.CreateAsync(ToContainerRequest(request.PodSandboxId, config), context.CancellationToken);
        return new CreateContainerResponse { ContainerId = id };
    }
}
