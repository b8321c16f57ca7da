namespace CriRuntime.Core.Containers;

/// <summary>Root filesystem mounts of containers: overlayfs over the image's snapshots.</summary>
public interface IRootfsMounter
{
    /// <summary>Mounts overlayfs at <paramref name="target"/>; lower dirs top layer first.</summary>
    void Mount(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target);

    /// <summary>
    /// Mounts the layers read-only at <paramref name="target"/> (an image volume): overlayfs with lowerdirs only
    /// (top layer first), no upper dir, nothing a container can write.
    /// </summary>
    void MountReadOnly(IReadOnlyList<string> lowerDirs, string target);

    /// <summary>Detaches the mount; false when nothing was mounted there.</summary>
    bool Unmount(string target);

    bool IsMounted(string target);
}

/// <summary>Resource usage of one container's cgroup.</summary>
public sealed record CgroupUsage(long TimestampNanos, ulong CpuUsageNanos, ulong MemoryWorkingSetBytes, ulong MemoryUsageBytes)
{
    /// <summary>Anonymous and swap-cache memory (v1 <c>total_rss</c>, v2 <c>anon</c>).</summary>
    public ulong MemoryRssBytes { get; init; }

    /// <summary>Page cache (v1 <c>total_cache</c>, v2 <c>file</c>).</summary>
    public ulong MemoryCacheBytes { get; init; }

    /// <summary>Cumulative page faults (<c>pgfault</c>) and major ones (<c>pgmajfault</c>).</summary>
    public ulong PageFaults { get; init; }

    public ulong MajorPageFaults { get; init; }

    /// <summary>The memory limit in bytes; 0 when unlimited.</summary>
    public ulong MemoryLimitBytes { get; init; }

    /// <summary>Pressure stall information (cgroup v2 <c>cpu.pressure</c>, <c>memory.pressure</c>, <c>io.pressure</c>); null on v1.</summary>
    public PressureStall? CpuPressure { get; init; }

    public PressureStall? MemoryPressure { get; init; }

    public PressureStall? IoPressure { get; init; }
}

/// <summary>One PSI file: the <c>some</c> and <c>full</c> lines (cpu.pressure had no <c>full</c> before Linux 5.13).</summary>
public sealed record PressureStall(PressureLine? Some, PressureLine? Full)
{
    /// <summary>Parses <c>some avg10=0.00 avg60=0.00 avg300=0.00 total=0</c> lines; null when neither line is there.</summary>
    public static PressureStall? Parse(string text)
    {
        PressureLine? some = null;
        PressureLine? full = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
            if (!values.TryGetValue("total", out var totalText)
                || !ulong.TryParse(totalText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var total))
            {
                continue;
            }

            var parsed = new PressureLine(Avg(values, "avg10"), Avg(values, "avg60"), Avg(values, "avg300"), total);
            if (fields[0] == "some")
            {
                some = parsed;
            }
            else if (fields[0] == "full")
            {
                full = parsed;
            }
        }

        return some is null && full is null ? null : new PressureStall(some, full);
    }

    private static double Avg(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
}

/// <summary>One PSI line: percentages of time stalled over 10, 60 and 300 seconds, and the total stall in microseconds.</summary>
public sealed record PressureLine(double Avg10, double Avg60, double Avg300, ulong TotalMicros);

/// <summary>Reads cgroups; implemented for cgroup v1 and v2 in CriRuntime.Linux.</summary>
public interface ICgroupReader
{
    /// <summary>The usage of the cgroup a process is in; null when the process is gone.</summary>
    CgroupUsage? ReadForProcess(int pid);

    /// <summary>
    /// The usage of a pod's cgroup (the CRI cgroup_parent kubelet made for the pod: cgroupfs path or systemd slice),
    /// which holds all its containers; null when there is no such cgroup.
    /// </summary>
    CgroupUsage? ReadForParent(string parent, bool systemd);

    /// <summary>Removes the cgroup directories left at <paramref name="cgroupsPath"/> in every hierarchy, when empty.</summary>
    void RemoveIfEmpty(string cgroupsPath, bool systemd);

    /// <summary>Whether the kernel's OOM killer killed a process in the cgroup (read before the runtime deletes it).</summary>
    bool WasOomKilled(string cgroupsPath, bool systemd);

    /// <summary>The cgroupsPath to give the OCI runtime for a container under <paramref name="parent"/>.</summary>
    string ContainerPath(string parent, string id, bool systemd);

    /// <summary>What the host's cgroups can enforce, probed once (at start-up in the daemon).</summary>
    Spec.CgroupCapabilities Capabilities { get; }
}

/// <summary>Looks up host device nodes (stat of the path).</summary>
public interface IDeviceResolver
{
    /// <summary>The device node at <paramref name="hostPath"/> (symbolic links followed); null when it is not a device.</summary>
    Spec.DeviceNode? Resolve(string hostPath);
}
