using System.Diagnostics;
using CriRuntime.Core.Containers;
using CriRuntime.Linux.Diagnostics;
using CriRuntime.Linux.Namespaces;
using CriRuntime.Linux.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriRuntime.Linux.Oci;

/// <summary>Container root filesystems through the snapshot code's <see cref="OverlayMount"/>.</summary>
public sealed class OverlayRootfsMounter(ILogger<OverlayRootfsMounter>? logger = null) : IRootfsMounter
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public void Mount(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target)
    {
        var started = Stopwatch.GetTimestamp();
        OverlayMount.Mount(lowerDirs, upperDir, workDir, target);
        HostCallLog.Mounted(_logger, lowerDirs.Count, target, HostCallLog.Since(started));
    }

    public void MountReadOnly(IReadOnlyList<string> lowerDirs, string target)
    {
        var started = Stopwatch.GetTimestamp();
        OverlayMount.MountReadOnly(lowerDirs, target);
        HostCallLog.Mounted(_logger, lowerDirs.Count, target, HostCallLog.Since(started));
    }

    public bool Unmount(string target)
    {
        var started = Stopwatch.GetTimestamp();
        var unmounted = OverlayMount.Unmount(target);
        HostCallLog.Unmounted(_logger, target, unmounted, HostCallLog.Since(started));
        return unmounted;
    }

    public bool IsMounted(string target) => MountTable.IsMountPoint(target);
}
