using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Events;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Server.Hosting;
using CriRuntime.Server.Streaming;

namespace CriRuntime.Server.Cri;

/// <summary>
/// The CRI RuntimeService adapter: one partial file per RPC (RuntimeService.Version.cs, ...), each thin,
/// translating messages and calling the domain. RPCs without a file fall through to the generated base,
/// whose Unimplemented the error interceptor names.
/// </summary>
internal sealed partial class RuntimeService(
    DaemonConfig config,
    RuntimeSettings settings,
    IRuntimeReadiness runtimeReadiness,
    INetworkReadiness networkReadiness,
    SandboxManager sandboxes,
    ContainerManager containers,
    IHandlerFeatures handlerFeatures,
    ContainerEventHub events,
    StreamingServer streaming,
    HandlerReadiness handlers,
    TimeProvider time) : Runtime.V1.RuntimeService.RuntimeServiceBase
{
    public const string RuntimeName = "criruntime";
    public const string CriApiVersion = "v1";
}
