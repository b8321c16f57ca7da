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

    private ContainerUsage Usage(ContainerRecord record)
    {
        var cgroup = record.State == ContainerState.Running && record.Pid > 0 ? _cgroups.ReadForProcess(record.Pid) : null;
        var (bytes, inodes) = DirectoryUsage(_paths.UpperDir(record.Id));
        return new ContainerUsage
        {
            Container = record,
            Timestamp = cgroup?.TimestampNanos ?? Clock.NowNanos(),
            Cgroup = cgroup,
            WritableLayerPath = _paths.UpperDir(record.Id),
            WritableBytes = bytes,
            WritableInodes = inodes,
        };
    }

    /// <summary>Bytes and inodes under a directory, not following links; what cannot be read is skipped.</summary>
    public static (ulong Bytes, ulong Inodes) DirectoryUsage(string path)
    {
        ulong bytes = 0;
        ulong inodes = 0;
        var root = new DirectoryInfo(path);
        if (!root.Exists)
        {
            return (0, 0);
        }

        var pending = new Stack<DirectoryInfo>();
        pending.Push(root);
        while (pending.TryPop(out var dir))
        {
            inodes++;
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = dir.EnumerateFileSystemInfos();
                foreach (var child in children)
                {
                    if (child is DirectoryInfo sub && child.LinkTarget is null)
                    {
                        pending.Push(sub);
                    }
                    else
                    {
                        inodes++;
                        if (child is FileInfo file && child.LinkTarget is null)
                        {
                            bytes += (ulong)file.Length;
                        }
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return (bytes, inodes);
    }
}
