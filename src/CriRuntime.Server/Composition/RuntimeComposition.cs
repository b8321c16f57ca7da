using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Events;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Cgroups;
using CriRuntime.Linux.Namespaces;
using CriRuntime.Linux.Oci;
using CriRuntime.Linux.ShimClient;
using CriRuntime.Linux.Snapshots;
using CriRuntime.Server.Hosting;
using Prometheus;

namespace CriRuntime.Server.Composition;

/// <summary>
/// Sandboxes and containers: the stores under <c>&lt;root&gt;/metadata</c>, the OCI runtime driver, shims, cgroups,
/// pinned namespaces, and a start-up step that probes each handler's OCI runtime features and recovers their state
/// before the first call is served.
/// Call after the image and network registrations (recovery runs after the image records are loaded).
/// </summary>
internal static class RuntimeComposition
{
    public static void AddCriRuntime(IServiceCollection services, DaemonConfig config)
    {
        var paths = new RuntimePaths(config);
        services.AddSingleton(paths);
        services.AddSingleton(sp => new ObjectStore<SandboxRecord>(
            paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, sp.GetRequiredService<IHostFiles>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ObjectStore<ContainerRecord>(
            paths.ContainerMetadata, ContainerJsonContext.Default.ContainerRecord, r => r.Id, r => r.FullName, sp.GetRequiredService<IHostFiles>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOciRuntimeProvider, OciRuntimeProvider>();
        services.AddSingleton<HandlerFeatureProbe>();
        services.AddSingleton<IHostSecurity, HostSecurity>();
        services.AddSingleton<IHandlerFeatures>(sp => sp.GetRequiredService<HandlerFeatureProbe>());
        services.AddSingleton<IHandlerProbe, HandlerProbe>();
        services.AddSingleton<HandlerReadiness>();
        services.AddSingleton<IShimHost, ShimHost>();
        services.AddSingleton<ISandboxHost, SandboxHost>();
        services.AddSingleton<IRootfsMounter, OverlayRootfsMounter>();
        services.AddSingleton<IUserNamespaceHost, UserNamespaceHost>();
        // The host's cgroup capabilities are probed here, once, before the first container is created.
        services.AddSingleton<ICgroupReader>(_ => new CgroupReader(capabilities: CgroupCapabilityProbe.Probe()));
        services.AddSingleton<IDeviceResolver, DeviceResolver>();
        services.AddSingleton<IContainerImages>(sp => sp.GetService<ImageManager>() is { } images
            ? new ImageManagerContainerImages(images, sp.GetRequiredService<ContentStore>())
            : new NoContainerImages());
        services.AddSingleton<ContainerEventHub>();
        services.AddSingleton<ContainerManager>();
        services.AddSingleton(sp => new SandboxManager(
            sp.GetRequiredService<ObjectStore<SandboxRecord>>(),
            sp.GetRequiredService<ContainerManager>(),
            sp.GetRequiredService<ISandboxHost>(),
            sp.GetService<IPodNetwork>() ?? new NoPodNetwork(),
            sp.GetRequiredService<IOciRuntimeProvider>(),
            paths,
            sp.GetRequiredService<ILogger<SandboxManager>>(),
            sp.GetRequiredService<IHostFiles>(),
            sp.GetRequiredService<TimeProvider>(),
            new NetnsUsageReader(),
            sp.GetRequiredService<HandlerReadiness>(),
            new PodCgroupWriter()));
        services.AddHostedService<RuntimeRecovery>();
        services.AddHostedService<ContainerExitWatcher>();
        services.AddHostedService<HandlerProbeAtStart>();
    }

    /// <summary>
    /// Reloads sandboxes and containers and reconciles them with the shims and the OCI runtime. Hosted services
    /// start before the host reports started, and DaemonReadiness is set only then: calls wait for recovery.
    /// </summary>
    private sealed class RuntimeRecovery(SandboxManager sandboxes, ContainerManager containers, HandlerFeatureProbe features) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await features.ProbeAsync(cancellationToken);
            sandboxes.Recover();
            await containers.RecoverAsync(cancellationToken);
            Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
            {
                var sandboxCounts = sandboxes.CountByState();
                foreach (var state in Enum.GetValues<SandboxState>())
                {
                    CriMetrics.Sandboxes.WithLabels(state.ToString().ToLowerInvariant()).Set(sandboxCounts.GetValueOrDefault(state));
                }

                var containerCounts = containers.CountByState();
                foreach (var state in Enum.GetValues<ContainerState>())
                {
                    CriMetrics.Containers.WithLabels(state.ToString().ToLowerInvariant()).Set(containerCounts.GetValueOrDefault(state));
                }
            });
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
