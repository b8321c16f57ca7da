namespace CriRuntime.Core.Containers;

/// <summary>Root filesystem mounts of containers: overlayfs over the image's snapshots.</summary>
public interface IRootfsMounter
{
    /// <summary>Mounts overlayfs at <paramref name="target"/>; lower dirs top layer first.</summary>
    void Mount(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target);

    /// <summary>Detaches the mount; false when nothing was mounted there.</summary>
    bool Unmount(string target);

    bool IsMounted(string target);
}

/// <summary>Resource usage of one container's cgroup.</summary>
public sealed record CgroupUsage(long TimestampNanos, ulong CpuUsageNanos, ulong MemoryWorkingSetBytes, ulong MemoryUsageBytes);

/// <summary>Reads cgroups; implemented for cgroup v1 and v2 in CriRuntime.Linux.</summary>
public interface ICgroupReader
{
    /// <summary>The usage of the cgroup a process is in; null when the process is gone.</summary>
    CgroupUsage? ReadForProcess(int pid);

    /// <summary>Removes the cgroup directories left at <paramref name="cgroupsPath"/> in every hierarchy, when empty.</summary>
    void RemoveIfEmpty(string cgroupsPath, bool systemd);

    /// <summary>Whether the kernel's OOM killer killed a process in the cgroup (read before the runtime deletes it).</summary>
    bool WasOomKilled(string cgroupsPath, bool systemd);

    /// <summary>The cgroupsPath to give the OCI runtime for a container under <paramref name="parent"/>.</summary>
    string ContainerPath(string parent, string id, bool systemd);

    /// <summary>Whether the host runs the unified hierarchy only (cgroup v2), where containers get a cgroup namespace.</summary>
    bool IsUnified { get; }
}

/// <summary>Looks up host device nodes (stat of the path).</summary>
public interface IDeviceResolver
{
    /// <summary>The device node at <paramref name="hostPath"/> (symbolic links followed); null when it is not a device.</summary>
    Spec.DeviceNode? Resolve(string hostPath);
}
