using Google.Protobuf;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override async Task<ExecSyncResponse> ExecSync(ExecSyncRequest request, ServerCallContext context)
    {
        TimeSpan? timeout = request.Timeout > 0 ? TimeSpan.FromSeconds(request.Timeout) : null;
        var result = await containers.ExecSyncAsync(request.ContainerId, [.. request.Cmd], timeout, context.CancellationToken);
        return new ExecSyncResponse
        {
            ExitCode = result.ExitCode,
            Stdout = ByteString.CopyFrom(result.Stdout),
            Stderr = ByteString.CopyFrom(result.Stderr),
        };
    }
}
