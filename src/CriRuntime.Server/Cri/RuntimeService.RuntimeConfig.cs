using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Server.Cri;

internal sealed partial class RuntimeService
{
    public override Task<RuntimeConfigResponse> RuntimeConfig(RuntimeConfigRequest request, ServerCallContext context) =>
        Task.FromResult(new RuntimeConfigResponse
        {
            Linux = new LinuxRuntimeConfiguration
            {
                CgroupDriver = config.Runtime.CgroupDriver == Core.Configuration.CgroupDriver.Systemd ? Runtime.V1.CgroupDriver.Systemd : Runtime.V1.CgroupDriver.Cgroupfs,
            },
        });
}
