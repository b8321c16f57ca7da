using System.Text.Json;
using System.Text.Json.Serialization;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Stores;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, ServerCallContext context)
    {
        var record = sandboxes.Status(request.PodSandboxId);
        var status = new PodSandboxStatus
        {
            Id = record.Id,
            Metadata = SandboxMetadata(record),
            State = FromState(record.State),
            CreatedAt = record.CreatedAt,
            Network = new PodSandboxNetworkStatus { Ip = record.Ip },
            Linux = new LinuxPodSandboxStatus
            {
                Namespaces = new Namespace
                {
                    Options = new NamespaceOption
                    {
                        Network = FromMode(record.NetworkMode),
                        Pid = FromMode(record.PidMode),
                        Ipc = FromMode(record.IpcMode),
                        UsernsOptions = FromUserNamespace(record.UserNamespace),
                    },
                },
            },
            RuntimeHandler = record.RequestedHandler,
        };
        status.Network.AdditionalIps.AddRange(record.AdditionalIps.Select(ip => new PodIP { Ip = ip }));
        status.Labels.Add(Copy(record.Labels));
        status.Annotations.Add(Copy(record.Annotations));
        var response = new PodSandboxStatusResponse { Status = status, Timestamp = Clock.NowNanos(time) };
        if (request.Verbose)
        {
            response.Info.Add("info", JsonSerializer.Serialize(record, SandboxInfoJson.Default.SandboxRecord));
        }

        return Task.FromResult(response);
    }
}

/// <summary>The verbose info of PodSandboxStatus: the sandbox record as stored.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxRecord))]
[JsonSerializable(typeof(ContainerRecord))]
internal sealed partial class SandboxInfoJson : JsonSerializerContext;
