using System.Collections.Concurrent;
using System.Diagnostics;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>One container's resource usage.</summary>
public sealed record ContainerUsage
{
    public required ContainerRecord Container { get; init; }

    public long Timestamp { get; init; }

    public CgroupUsage? Cgroup { get; init; }

    /// <summary>The writable layer (overlay upper dir).</summary>
    public required string WritableLayerPath { get; init; }

    public ulong WritableBytes { get; init; }

    public ulong WritableInodes { get; init; }

    /// <summary>When the writable layer was last measured (ns since the epoch); 0 while its first measurement runs.</summary>
    public long WritableMeasuredAt { get; init; }
}

public sealed partial class ContainerManager
{
    /// <summary>ContainerStats.</summary>
    public ContainerUsage Stats(string id)
    {
        var entry = Require(id);
        using var timer = Time("stats", entry.Record.Handler);
        return Usage(Refresh(entry));
    }

    /// <summary>ListContainerStats.</summary>
    public IReadOnlyList<ContainerUsage> ListStats(ContainerFilter filter)
    {
        using var timer = Time("list_stats", "");
        return [.. List(filter).Select(Usage)];
    }

    /// <summary>The usage of a pod's own cgroup (its cgroup_parent); null when it has none, or it is gone.</summary>
    public CgroupUsage? PodUsage(SandboxRecord sandbox) =>
        sandbox.CgroupParent.Length == 0 ? null : _cgroups.ReadForParent(sandbox.CgroupParent, _runtimes.Get(sandbox.Handler).SystemdCgroup);

    /// <summary>
    /// The containers' writable layers together (ImageFsInfo <c>container_filesystems</c>): the sum of each one's
    /// last measurement, the walk ContainerStats reports; a stale one starts a new walk and is not waited for.
    /// </summary>
    public Images.ImageFsUsage WritableLayersUsage()
    {
        ulong bytes = 0;
        ulong inodes = 0;
        foreach (var entry in _containers.List().Where(e => !e.Record.IsInfra))
        {
            var layer = WritableLayerUsage(entry.Record.Id);
            bytes += layer.Bytes;
            inodes += layer.Inodes;
        }

        return new Images.ImageFsUsage(_paths.WritableLayers, bytes, inodes, DateTimeOffset.UtcNow);
    }

    /// <summary>How old a writable layer's measurement may get before a stats call has it measured again.</summary>
    public static readonly TimeSpan WritableLayerRefresh = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, WritableLayerMeasure> _writableUsage = new(StringComparer.Ordinal);

    private ContainerUsage Usage(ContainerRecord record)
    {
        var cgroup = record.State == ContainerState.Running && record.Pid > 0 ? _cgroups.ReadForProcess(record.Pid) : null;
        var layer = WritableLayerUsage(record.Id);
        return new ContainerUsage
        {
            Container = record,
            Timestamp = cgroup?.TimestampNanos ?? Clock.NowNanos(),
            Cgroup = cgroup,
            WritableLayerPath = _paths.UpperDir(record.Id),
            WritableBytes = layer.Bytes,
            WritableInodes = layer.Inodes,
            WritableMeasuredAt = layer.MeasuredAt,
        };
    }

    /// <summary>
    /// The last measurement of the writable layer. A walk of the upper dir can take long, so a stats call never waits
    /// for one: when the measurement is older than <see cref="WritableLayerRefresh"/> (or missing) one walk starts in
    /// the background and the call answers with what is known (zeros before the first walk ends).
    /// </summary>
    private WritableLayerMeasure WritableLayerUsage(string id)
    {
        var measure = _writableUsage.GetOrAdd(id, static _ => new WritableLayerMeasure());
        if (Stopwatch.GetElapsedTime(measure.TakenAtTicks) > WritableLayerRefresh && Interlocked.CompareExchange(ref measure.Walking, 1, 0) == 0)
        {
            var upper = _paths.UpperDir(id);
            _ = Task.Run(() =>
            {
                var (bytes, inodes) = _files.DirectoryUsage(upper);
                _writableUsage.TryUpdate(id, new WritableLayerMeasure { Bytes = bytes, Inodes = inodes, MeasuredAt = Clock.NowNanos(), TakenAtTicks = Stopwatch.GetTimestamp() }, measure);
                Volatile.Write(ref measure.Walking, 0);
            });
        }

        return measure;
    }

    /// <summary>One walk's result; <see cref="Walking"/> is 1 while a walk that will replace it runs.</summary>
    private sealed class WritableLayerMeasure
    {
        public int Walking;

        public ulong Bytes { get; init; }

        public ulong Inodes { get; init; }

        /// <summary>When the walk ended, ns since the epoch; 0 before the first.</summary>
        public long MeasuredAt { get; init; }

        /// <summary>Stopwatch ticks of that moment; long ago before the first walk.</summary>
        public long TakenAtTicks { get; init; } = long.MinValue / 2;
    }
}
