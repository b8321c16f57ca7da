using System.Text.Json;
using CriRuntime.Core.Networking;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public const string RuntimeReadyCondition = "RuntimeReady";
    public const string NetworkReadyCondition = "NetworkReady";

    public override Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var status = new RuntimeStatus();
        status.Conditions.Add(Condition(RuntimeReadyCondition, runtimeReadiness.Check()));
        status.Conditions.Add(Condition(NetworkReadyCondition, networkReadiness.Check()));
        var response = new StatusResponse { Status = status };
        foreach (var name in config.Runtime.Handlers.Keys.Order(StringComparer.Ordinal))
        {
            response.RuntimeHandlers.Add(new RuntimeHandler
            {
                Name = name,
                Features = new RuntimeHandlerFeatures { RecursiveReadOnlyMounts = false, UserNamespaces = false },
            });
        }

        // The default handler is also reported under the empty name: pods without a RuntimeClass ask for "".
        response.RuntimeHandlers.Insert(0, new RuntimeHandler
        {
            Name = "",
            Features = new RuntimeHandlerFeatures { RecursiveReadOnlyMounts = false, UserNamespaces = false },
        });
        response.Features = new RuntimeFeatures { SupplementalGroupsPolicy = false };

        if (request.Verbose)
        {
            response.Info.Add("config", JsonSerializer.Serialize(StatusInfo.Config(config, settings), StatusInfoJson.Default.ConfigInfo));
            response.Info.Add("cgroups", JsonSerializer.Serialize(StatusInfo.Cgroups(containers.CgroupCapabilities), StatusInfoJson.Default.CgroupsInfo));
        }

        return Task.FromResult(response);
    }

    private static RuntimeCondition Condition(string type, ConditionStatus check) => new()
    {
        Type = type,
        Status = check.Ready,
        Reason = check.Reason,
        Message = check.Message,
    };
}
