using CriRuntime.Server.Streaming;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    /// <summary>Exec: validates the request and returns a single-use URL on the streaming server.</summary>
    public override Task<ExecResponse> Exec(ExecRequest request, ServerCallContext context)
    {
        var id = containers.ValidateStream(request.ContainerId, [.. request.Cmd], request.Tty, request.Stdin, request.Stdout, request.Stderr);
        var url = streaming.Issue(new ExecStreamRequest(id, [.. request.Cmd], request.Tty, request.Stdin, request.Stdout, request.Stderr));
        return Task.FromResult(new ExecResponse { Url = url });
    }
}
