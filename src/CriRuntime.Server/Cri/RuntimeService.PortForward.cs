using CriRuntime.Server.Streaming;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    /// <summary>PortForward: checks the sandbox is ready and returns a single-use URL on the streaming server.</summary>
    public override Task<PortForwardResponse> PortForward(PortForwardRequest request, ServerCallContext context)
    {
        var (id, netns) = sandboxes.PortForwardTarget(request.PodSandboxId, [.. request.Port]);
        return Task.FromResult(new PortForwardResponse { Url = streaming.Issue(new PortForwardStreamRequest(id, netns)) });
    }
}
