using CriRuntime.Core.Configuration;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Images.Progress;
using CriRuntime.Core.Images.Registry;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Snapshots;

namespace CriRuntime.Server.Composition;

/// <summary>
/// Registers the image service: stores under <c>&lt;root&gt;/content</c>, <c>&lt;root&gt;/snapshots</c> and
/// <c>&lt;root&gt;/metadata</c>, the registry client, and a start-up step that loads the records and collects
/// what an interrupted run left. Map the adapter with <c>app.MapGrpcService&lt;Cri.ImageService&gt;()</c>.
/// </summary>
internal static class ImageComposition
{
    public static IServiceCollection AddCriImages(this IServiceCollection services, DaemonConfig config)
    {
        var root = config.Root;
        services.AddSingleton(new ImageManagerOptions
        {
            MaxConcurrentDownloads = config.Registry.MaxConcurrentDownloads,
            StallTimeout = config.Registry.StallTimeout,
        });
        services.AddSingleton(sp => new ImageStore(Path.Combine(root, "metadata", "images"), sp.GetRequiredService<IHostFiles>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ContentStore(Path.Combine(root, "content"), sp.GetRequiredService<IHostFiles>()));
        services.AddSingleton<ISnapshotStore>(_ => new OverlaySnapshotStore(Path.Combine(root, "snapshots")));
        services.AddSingleton(sp => new ImageGarbageCollector(
            sp.GetRequiredService<ImageStore>(),
            sp.GetRequiredService<ContentStore>(),
            sp.GetRequiredService<ISnapshotStore>(),
            Path.Combine(root, "metadata", "leases"),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ImageGarbageCollector>(),
            sp.GetRequiredService<IHostFiles>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RegistryConfigLoader(config.Registry.ConfigDir, sp.GetRequiredService<IHostFiles>()));
        services.AddSingleton(sp => new RegistryHttp(config.Registry.StallTimeout, sp.GetRequiredService<IHostFiles>()));
        services.AddSingleton(PlatformMatcher.Host);
        services.AddSingleton<PullProgressTracker>();
        services.AddSingleton<ImageManager>();
        services.AddHostedService<ImageStartup>();
        return services;
    }

    /// <summary>Loads the image records and cleans up before the first call is served.</summary>
    private sealed class ImageStartup(ImageManager images) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            images.Initialize();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
