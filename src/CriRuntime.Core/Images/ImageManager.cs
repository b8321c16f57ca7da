using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Images.Progress;
using CriRuntime.Core.Images.Registry;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Images;

/// <summary>Settings of the image service, from the daemon configuration.</summary>
public sealed record ImageManagerOptions
{
    public int MaxConcurrentDownloads { get; init; } = 3;

    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The CRI image service's domain: pulls, the image list, status, removal, filesystem usage, and holds on an
/// image's snapshots for containers. One partial file per operation.
/// </summary>
public sealed partial class ImageManager
{
    private readonly ImageStore _images;
    private readonly ContentStore _content;
    private readonly ISnapshotStore _snapshots;
    private readonly ImageGarbageCollector _gc;
    private readonly RegistryConfigLoader _registryConfig;
    private readonly RegistryHttp _http;
    private readonly PlatformMatcher _platform;
    private readonly ImageManagerOptions _options;
    private readonly ILogger _logger;
    private readonly IHostFiles _files;
    private readonly TimeProvider _time;
    private readonly PullProgressTracker? _progress;

    public ImageManager(
        ImageStore images,
        ContentStore content,
        ISnapshotStore snapshots,
        ImageGarbageCollector gc,
        RegistryConfigLoader registryConfig,
        RegistryHttp http,
        PlatformMatcher platform,
        ImageManagerOptions options,
        ILogger<ImageManager> logger,
        IHostFiles files,
        TimeProvider time,
        PullProgressTracker? progress = null)
    {
        _images = images;
        _content = content;
        _snapshots = snapshots;
        _gc = gc;
        _registryConfig = registryConfig;
        _http = http;
        _platform = platform;
        _options = options;
        _logger = logger;
        _progress = progress;
        _files = files;
        _time = time;
    }

    /// <summary>Loads the records, drops leftovers of interrupted work and what nothing references.</summary>
    public void Initialize()
    {
        _content.CleanIngest();
        _snapshots.CleanTemporary();
        _images.Load((id, e) => Log.CorruptRecord(_logger, id, e));
        _gc.LoadLeases();
        _gc.Collect();
    }

    /// <summary>Holds an image's snapshots for a container until <see cref="ReleaseSnapshots"/>; survives restarts.</summary>
    public SnapshotLease HoldSnapshots(string holder, string imageNameOrId)
    {
        var image = _images.Resolve(imageNameOrId)
            ?? throw new Errors.CriException(Errors.ErrorKind.NotFound, $"image \"{imageNameOrId}\" not found");
        return _gc.Hold(holder, image);
    }

    /// <summary>
    /// Holds an image a container mounts as image volume <paramref name="index"/>: its snapshots are kept and
    /// RemoveImage is refused until <see cref="ReleaseSnapshots"/> of the container; survives restarts.
    /// </summary>
    public SnapshotLease HoldVolume(string containerId, int index, string imageId)
    {
        var image = _images.Resolve(imageId)
            ?? throw new Errors.CriException(Errors.ErrorKind.NotFound, $"image \"{imageId}\" not found");
        return _gc.Hold(ImageGarbageCollector.VolumeHolder(containerId, index), image, volume: true);
    }

    /// <summary>Drops a container's holds (its root filesystem's and its image volumes') and reclaims what only they kept.</summary>
    public void ReleaseSnapshots(string holder)
    {
        if (_gc.Release(holder))
        {
            _gc.Collect();
        }
    }

    /// <summary>The lowerdirs of an image's root filesystem, top layer first (overlayfs order).</summary>
    public IReadOnlyList<string> GetLayerPaths(ImageRecord image) =>
        [.. image.ChainIds.Reverse().Select(_snapshots.GetLayerPath)];

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Image record {Id} is unreadable and was moved aside")]
        public static partial void CorruptRecord(ILogger logger, string id, Exception exception);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Pulled {Image} as {Id} in {Seconds:0.000}s ({Bytes} bytes fetched)")]
        public static partial void Pulled(ILogger logger, string image, string id, double seconds, long bytes);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Pull of {Image} failed: {Error}")]
        public static partial void PullFailed(ILogger logger, string image, string error);

        [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Imported {Count} image(s): {Names}")]
        public static partial void Imported(ILogger logger, int count, string names);

        [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Exported {Count} image(s): {Names}")]
        public static partial void Exported(ILogger logger, int count, string names);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Removed image {Id}")]
        public static partial void Removed(ILogger logger, string id);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Layer {Digest} unpacked into snapshot {ChainId} in {Seconds:0.000}s")]
        public static partial void Unpacked(ILogger logger, string digest, string chainId, double seconds);
    }
}
