using CriRuntime.Core.Configuration;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Cni;

namespace CriRuntime.Server.Composition;

/// <summary>
/// Pod networking: the CNI client (<see cref="IPodNetwork"/> for the sandboxes), the NetworkReady condition it backs,
/// and the pod CIDR that UpdateRuntimeConfig stores and the ipRanges capability reads.
/// </summary>
internal static class NetworkComposition
{
    public static void AddCriNetwork(IServiceCollection services, DaemonConfig config)
    {
        services.AddSingleton<PodCidrSettings>();
        services.AddSingleton(sp => CniPodNetwork.Create(
            config,
            new ProcessCniExecutor(sp.GetRequiredService<ILogger<ProcessCniExecutor>>()),
            sp.GetRequiredService<PodCidrSettings>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("CriRuntime.Networking"),
            sp.GetRequiredService<IHostFiles>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPodNetwork>(static sp => sp.GetRequiredService<CniPodNetwork>());
        services.AddSingleton<INetworkReadiness>(static sp => sp.GetRequiredService<CniPodNetwork>());
    }
}
