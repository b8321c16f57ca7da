using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) =>
        Task.FromResult(new VersionResponse
        {
            // "0.1.0" is the kubelet API version this message format has carried since CRI v1alpha.
            Version = "0.1.0",
            RuntimeName = RuntimeName,
            RuntimeVersion = BuildInfo.Version,
            RuntimeApiVersion = CriApiVersion,
        });
}
