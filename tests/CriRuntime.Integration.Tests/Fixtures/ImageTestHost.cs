using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Images.Registry;
using CriRuntime.Linux.Files;
using CriRuntime.Linux.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriRuntime.Integration.Tests.Fixtures;

/// <summary>An ImageManager over a temporary root and registry config dir, wired as the daemon wires it.</summary>
public sealed class ImageTestHost : IDisposable
{
    public ImageTestHost(TimeSpan? stallTimeout = null, int maxConcurrentDownloads = 3)
    {
        Root = Directory.CreateTempSubdirectory("criruntime-images-").FullName;
        ConfigDir = Path.Combine(Root, "registries.d");
        Directory.CreateDirectory(ConfigDir);
        Open(stallTimeout ?? TimeSpan.FromSeconds(10), maxConcurrentDownloads);
    }

    public string Root { get; }

    public string ConfigDir { get; }

    public ImageManager Images { get; private set; } = null!;

    public ContentStore Content { get; private set; } = null!;

    public OverlaySnapshotStore Snapshots { get; private set; } = null!;

    public ImageStore Store { get; private set; } = null!;

    public RegistryHttp Http { get; private set; } = null!;

    /// <summary>Builds everything anew over the same root, as a daemon restart does.</summary>
    public void Open(TimeSpan stallTimeout, int maxConcurrentDownloads = 3)
    {
        Http?.Dispose();
        var files = HostFiles.Instance;
        Store = new ImageStore(Path.Combine(Root, "metadata", "images"), files, TimeProvider.System);
        Content = new ContentStore(Path.Combine(Root, "content"), files);
        Snapshots = new OverlaySnapshotStore(Path.Combine(Root, "snapshots"));
        var gc = new ImageGarbageCollector(Store, Content, Snapshots, Path.Combine(Root, "metadata", "leases"), NullLogger.Instance, files, TimeProvider.System);
        Http = new RegistryHttp(stallTimeout, files);
        Images = new ImageManager(
            Store,
            Content,
            Snapshots,
            gc,
            new RegistryConfigLoader(ConfigDir, files),
            Http,
            PlatformMatcher.Host,
            new ImageManagerOptions { StallTimeout = stallTimeout, MaxConcurrentDownloads = maxConcurrentDownloads },
            NullLogger<ImageManager>.Instance,
            files,
            TimeProvider.System);
        Images.Initialize();
    }

    public void WriteRegistryConfig(string host, string toml) => File.WriteAllText(Path.Combine(ConfigDir, host + ".toml"), toml);

    /// <summary>Every file under the root that is not a committed blob, snapshot or record: must stay empty after failures.</summary>
    public IReadOnlyList<string> TemporaryFiles() =>
    [
        .. Directory.EnumerateFileSystemEntries(Content.IngestDirectory),
        .. Directory.EnumerateDirectories(Snapshots.Root, ".tmp-*"),
        .. Directory.EnumerateFiles(Path.Combine(Root, "metadata"), ".tmp-*", SearchOption.AllDirectories),
    ];

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
