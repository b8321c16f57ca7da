namespace CriRuntime.Core.Diagnostics;

/// <summary>
/// The one table of log event-id ranges, one per area of the daemon: a new <c>[LoggerMessage]</c> takes a fresh id
/// inside its area's range, and a test (<c>EventIdTests</c> in CriRuntime.Server.Tests) fails when two log events of
/// the daemon's assemblies share an id or an id falls outside every range. Ids identify an event in structured logs
/// (journald's, a log shipper's), so an id keeps its meaning once released.
/// </summary>
public static class EventIdRanges
{
    /// <summary>Each area's name and its inclusive first and last id.</summary>
    public static IReadOnlyList<(string Area, int First, int Last)> All { get; } =
    [
        ("daemon: start, stop, calls (Server)", 1, 99),
        ("container events, exit watcher, handler readiness (Server)", 170, 179),
        ("image pulls (ImageManager)", 3001, 3099),
        ("registry sessions", 3101, 3199),
        ("image garbage collection", 3201, 3299),
        ("pull progress", 3301, 3399),
        ("sandboxes (SandboxManager)", 4001, 4010),
        ("CNI pod networking (CniPodNetwork)", 4011, 4019),
        ("CNI configuration (CniConfigWatcher)", 4021, 4029),
        ("containers (ContainerManager)", 4101, 4199),
        ("OCI runtime handlers (Linux)", 4701, 4799),
        ("host calls: OCI runtime, CNI plugins, mounts (Linux)", 4801, 4899),
        ("streaming server (Server)", 6001, 6099),
    ];
}
