using System.Globalization;
using System.Threading.Channels;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Images.Progress;

/// <summary>
/// The progress of every pull in flight: layers' bytes and states, published to watchers (the admin WatchPulls stream)
/// as snapshots every <see cref="PublishInterval"/> while something moves, and logged every <see cref="SlowLogInterval"/>
/// for pulls that take longer than that. A watcher that does not keep up loses intermediate snapshots (each queue
/// keeps the newest), never the final one of a pull it has not fallen behind on by more than its queue.
/// </summary>
public sealed partial class PullProgressTracker : IDisposable
{
    /// <summary>How often watchers get snapshots of pulls that changed.</summary>
    public static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A pull running longer than this has its progress logged this often.</summary>
    public static readonly TimeSpan SlowLogInterval = TimeSpan.FromSeconds(10);

    private const int WatcherQueue = 256;
    private readonly Lock _lock = new();
    private readonly List<PullTracking> _pulls = [];
    private readonly List<(string? Image, Channel<PullSnapshot> Queue)> _watchers = [];
    private readonly Dictionary<string, LayerProgress> _layers = new(StringComparer.Ordinal);
    private readonly Dictionary<PullTracking, PullSnapshot> _lastPublished = [];
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public PullProgressTracker(ILogger<PullProgressTracker> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _timer = time.CreateTimer(_ => Tick(), null, PublishInterval, PublishInterval);
    }

    /// <summary>Starts tracking a pull of <paramref name="image"/> (as requested) and shows it to watchers.</summary>
    public PullTracking Begin(string image)
    {
        var tracking = new PullTracking(this, image, Clock.NowNanos(_time), _time.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            _pulls.Add(tracking);
        }

        Publish(tracking);
        return tracking;
    }

    /// <summary>The progress of a layer being fetched, shared by every pull that wants it until it is done.</summary>
    public LayerProgress Layer(string digest, long total, bool present)
    {
        if (present)
        {
            return new LayerProgress(digest, total) { State = LayerPullState.Done };
        }

        lock (_lock)
        {
            if (!_layers.TryGetValue(digest, out var layer))
            {
                layer = new LayerProgress(digest, total);
                _layers[digest] = layer;
            }

            return layer;
        }
    }

    /// <summary>
    /// Ends a layer's fetch: done (a later pull finds its snapshot present) or failed (a later pull starts it afresh).
    /// Either way it is forgotten.
    /// </summary>
    public void Finish(LayerProgress layer, bool succeeded)
    {
        if (succeeded)
        {
            layer.State = LayerPullState.Done;
        }

        lock (_lock)
        {
            if (_layers.TryGetValue(layer.Digest, out var known) && known == layer)
            {
                _layers.Remove(layer.Digest);
            }
        }
    }

    /// <summary>Watches pulls of one requested image, or all pulls; dispose the subscription to stop.</summary>
    public PullWatch Watch(string? image)
    {
        var queue = Channel.CreateBounded<PullSnapshot>(new BoundedChannelOptions(WatcherQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var entry = (image, queue);
        List<PullSnapshot> current;
        lock (_lock)
        {
            _watchers.Add(entry);
            current = [.. _pulls.Where(p => image is null || p.Image == image).Select(static p => p.Snapshot())];
        }

        foreach (var snapshot in current)
        {
            queue.Writer.TryWrite(snapshot);
        }

        return new PullWatch(queue.Reader, () =>
        {
            lock (_lock)
            {
                _watchers.Remove(entry);
            }

            queue.Writer.TryComplete();
        });
    }

    public void Dispose() => _timer.Dispose();

    internal void Remove(PullTracking tracking)
    {
        lock (_lock)
        {
            _pulls.Remove(tracking);
            _lastPublished.Remove(tracking);
        }
    }

    internal void Publish(PullTracking tracking)
    {
        var snapshot = tracking.Snapshot();
        lock (_lock)
        {
            _lastPublished[tracking] = snapshot;
            foreach (var (image, queue) in _watchers)
            {
                if (image is null || image == tracking.Image)
                {
                    queue.Writer.TryWrite(snapshot);
                }
            }
        }
    }

    private void Tick()
    {
        PullTracking[] pulls;
        lock (_lock)
        {
            pulls = [.. _pulls];
        }

        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var pull in pulls)
        {
            var snapshot = pull.Snapshot();
            bool changed;
            lock (_lock)
            {
                changed = !_lastPublished.TryGetValue(pull, out var last) || !Same(last, snapshot);
            }

            if (changed)
            {
                Publish(pull);
            }

            if (!snapshot.Done && now - pull.StartedUtc >= SlowLogInterval && now - pull.LastSlowLog >= SlowLogInterval)
            {
                pull.LastSlowLog = now;
                var done = snapshot.Layers.Count(static l => l.State == LayerPullState.Done);
                Log.SlowPull(_logger, pull.Image, (now - pull.StartedUtc).TotalSeconds, done, snapshot.Layers.Count,
                    Megabytes(snapshot.Layers.Sum(static l => l.BytesDone)), Megabytes(snapshot.Layers.Sum(static l => l.BytesTotal)));
            }
        }
    }

    private static bool Same(PullSnapshot a, PullSnapshot b) =>
        a.Done == b.Done && a.Reference == b.Reference && a.Layers.SequenceEqual(b.Layers);

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Pulling {Image} for {Seconds:F0}s: {DoneLayers}/{Layers} layers, {DoneMb}/{TotalMb} MB")]
        public static partial void SlowPull(ILogger logger, string image, double seconds, int doneLayers, int layers, string doneMb, string totalMb);
    }
}

/// <summary>A watcher's snapshots, newest kept when it falls behind; dispose to stop watching.</summary>
public sealed class PullWatch(ChannelReader<PullSnapshot> reader, Action stop) : IDisposable
{
    public ChannelReader<PullSnapshot> Reader { get; } = reader;

    public void Dispose() => stop();
}
