using System.Text.Json;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Runtime;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public const string RuntimeReadyCondition = "RuntimeReady";
    public const string NetworkReadyCondition = "NetworkReady";

    /// <summary>Whether every configured handler can run containers here; false names each that cannot, and why.</summary>
    public const string RuntimeHandlersReadyCondition = "RuntimeHandlersReady";

    public override async Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var handlerReadiness = await handlers.CheckAllAsync(context.CancellationToken);
        var status = new RuntimeStatus();
        var runtimeReady = runtimeReadiness.Check();
        if (runtimeReady.Ready && handlerReadiness.TryGetValue(config.Runtime.DefaultHandler, out var defaultHandler) && !defaultHandler.Ready)
        {
            runtimeReady = new ConditionStatus(false, HandlerReadiness.NotReadyReason, $"default runtime handler \"{config.Runtime.DefaultHandler}\": {defaultHandler.Reason}");
        }

        status.Conditions.Add(Condition(RuntimeReadyCondition, runtimeReady));
        status.Conditions.Add(Condition(NetworkReadyCondition, networkReadiness.Check()));
        var notReady = handlerReadiness.Where(static h => !h.Value.Ready).Select(static h => $"{h.Key}: {h.Value.Reason}").ToList();
        status.Conditions.Add(Condition(RuntimeHandlersReadyCondition, notReady.Count == 0
            ? ConditionStatus.Ok
            : new ConditionStatus(false, HandlerReadiness.NotReadyReason, string.Join("; ", notReady))));
        var response = new StatusResponse { Status = status };
        // The default handler is also reported under the empty name: pods without a RuntimeClass ask for "".
        foreach (var name in config.Runtime.Handlers.Keys.Order(StringComparer.Ordinal).Prepend(""))
        {
            var ready = handlerReadiness.GetValueOrDefault(name.Length > 0 ? name : config.Runtime.DefaultHandler)?.Ready ?? false;
            response.RuntimeHandlers.Add(new RuntimeHandler { Name = name, Features = HandlerFeaturesOf(name, ready) });
        }

        response.Features = new RuntimeFeatures { SupplementalGroupsPolicy = true };

        if (request.Verbose)
        {
            response.Info.Add("config", JsonSerializer.Serialize(StatusInfo.Config(config, settings), StatusInfoJson.Default.ConfigInfo));
            response.Info.Add("cgroups", JsonSerializer.Serialize(StatusInfo.Cgroups(containers.CgroupCapabilities), StatusInfoJson.Default.CgroupsInfo));
            response.Info.Add("runtimeHandlers", JsonSerializer.Serialize(StatusInfo.Handlers(handlerReadiness), StatusInfoJson.Default.IReadOnlyDictionaryStringHandlerInfo));
        }

        return response;
    }

    /// <summary>
    /// What the handler's OCI runtime was probed to do. User namespaces also need the handler to run containers here
    /// at all (Debian's crun on cgroup v1 hosts does not), and the host to id-map mounts.
    /// </summary>
    private RuntimeHandlerFeatures HandlerFeaturesOf(string handler, bool ready) => new()
    {
        RecursiveReadOnlyMounts = handlerFeatures.Get(handler).RecursiveReadOnlyMounts,
        UserNamespaces = ready && handlerFeatures.Get(handler).UserNamespaces,
    };

    private static RuntimeCondition Condition(string type, ConditionStatus check) => new()
    {
        Type = type,
        Status = check.Ready,
        Reason = check.Reason,
        Message = check.Message,
    };
}
