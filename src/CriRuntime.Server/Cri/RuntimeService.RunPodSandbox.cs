using CriRuntime.Core.Errors;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, ServerCallContext context)
    {
        var config = request.Config ?? throw CriException.InvalidArgument("config is required");
        var id = await sandboxes.RunAsync(ToSandboxRequest(config, request.RuntimeHandler), context.CancellationToken);
        return new RunPodSandboxResponse { PodSandboxId = id };
    }
}
