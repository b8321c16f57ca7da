using CriRuntime.Server.Streaming;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    /// <summary>Attach: validates the request and returns a single-use URL on the streaming server.</summary>
    public override Task<AttachResponse> Attach(AttachRequest request, ServerCallContext context)
    {
        var (id, tty) = containers.ValidateAttach(request.ContainerId, request.Stdin, request.Stdout, request.Stderr);
        var url = streaming.Issue(new AttachStreamRequest(id, tty, request.Stdin, request.Stdout, request.Stderr && !tty));
        return Task.FromResult(new AttachResponse { Url = url });
    }
}
