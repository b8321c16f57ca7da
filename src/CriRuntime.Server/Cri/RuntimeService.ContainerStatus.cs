using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, ServerCallContext context)
    {
        var r = containers.Status(request.ContainerId);
        var status = new ContainerStatus
        {
            Id = r.Id,
            Metadata = ContainerMetadataOf(r),
            State = FromState(r.State),
            CreatedAt = r.CreatedAt,
            StartedAt = r.StartedAt,
            FinishedAt = r.FinishedAt,
            ExitCode = r.ExitCode,
            Image = new ImageSpec { Image = r.Image },
            ImageRef = r.ImageRef,
            ImageId = r.ImageId,
            Reason = r.Reason,
            Message = r.Message,
            LogPath = r.LogPath,
        };
        if (r.User is { } user)
        {
            var linuxUser = new LinuxContainerUser { Uid = user.Uid, Gid = user.Gid };
            linuxUser.SupplementalGroups.AddRange(user.AdditionalGids.Select(g => (long)g));
            status.User = new ContainerUser { Linux = linuxUser };
        }

        if (SignalOf(r.StopSignal) is { } stopSignal)
        {
            status.StopSignal = stopSignal;
        }

        if (FromLimits(r.Resources) is { } resources)
        {
            status.Resources = new ContainerResources { Linux = resources };
        }

        status.Labels.Add(Copy(r.Labels));
        status.Annotations.Add(Copy(r.Annotations));
        status.Mounts.AddRange(r.Mounts.Select(m => new Mount
        {
            ContainerPath = m.ContainerPath,
            HostPath = m.HostPath,
            Readonly = m.ReadOnly,
            RecursiveReadOnly = m.RecursiveReadOnly,
            SelinuxRelabel = m.SelinuxRelabel,
            Propagation = (MountPropagation)(int)m.Propagation,
            UidMappings = { FromIdMappings(m.UidMappings) },
            GidMappings = { FromIdMappings(m.GidMappings) },
            Image = m.Image.Length > 0 ? new ImageSpec { Image = m.Image, ImageRef = m.ImageRef } : null,
            ImageSubPath = m.ImageSubPath,
        }));
        var response = new ContainerStatusResponse { Status = status };
        if (request.Verbose)
        {
            var info = JsonNode.Parse(JsonSerializer.Serialize(r, SandboxInfoJson.Default.ContainerRecord))!.AsObject();
            if (containers.ReadSpecJson(r.Id) is { } spec)
            {
                info["runtimeSpec"] = JsonNode.Parse(spec);
            }

            response.Info.Add("info", info.ToJsonString());
        }

        return Task.FromResult(response);
    }
}
