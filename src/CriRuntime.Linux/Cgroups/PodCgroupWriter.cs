using System.Globalization;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Spec;

namespace CriRuntime.Linux.Cgroups;

/// <summary>
/// Pod-level limits written into the pod cgroup's files: on cgroup v1 <c>cpu.shares</c>, <c>cpu.cfs_period_us</c>,
/// <c>cpu.cfs_quota_us</c> and <c>memory.limit_in_bytes</c>; on v2 <c>cpu.weight</c>, <c>cpu.max</c> and
/// <c>memory.max</c>. A file the host lacks (a controller not enabled for the cgroup) is skipped.
/// </summary>
public sealed class PodCgroupWriter(string mountRoot = "/sys/fs/cgroup", bool? unified = null) : IPodCgroups
{
    private readonly bool _unified = unified ?? File.Exists(Path.Combine(mountRoot, "cgroup.controllers"));

    public bool Apply(string parent, bool systemd, PodCgroupLimits limits)
    {
        var relative = systemd ? CgroupPaths.ExpandSlice(Path.GetFileName(parent.TrimEnd('/'))) : parent.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Contains(".."))
        {
            throw CriException.InvalidArgument($"cgroup_parent \"{SafeText.Clip(parent)}\" is not a cgroup below the root");
        }

        var cpuDir = _unified ? Path.Combine(mountRoot, relative) : Path.Combine(mountRoot, "cpu", relative);
        var memoryDir = _unified ? cpuDir : Path.Combine(mountRoot, "memory", relative);
        var made = false;
        foreach (var dir in new[] { cpuDir, memoryDir }.Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(dir) && !systemd && Directory.Exists(Path.GetDirectoryName(dir)))
            {
                Directory.CreateDirectory(dir);
                made = true;
            }
        }

        if (_unified)
        {
            Write(cpuDir, "cpu.weight", limits.CpuShares is { } shares ? PodCgroupLimits.WeightOf(shares).ToString(CultureInfo.InvariantCulture) : null);
            Write(cpuDir, "cpu.max", limits.CpuQuota is { } quota
                ? $"{(quota < 0 ? "max" : quota.ToString(CultureInfo.InvariantCulture))} {limits.CpuPeriod ?? PodCgroupLimits.DefaultCpuPeriod}"
                : null);
            Write(memoryDir, "memory.max", limits.MemoryLimitBytes is { } memory ? (memory < 0 ? "max" : memory.ToString(CultureInfo.InvariantCulture)) : null);
        }
        else
        {
            Write(cpuDir, "cpu.shares", limits.CpuShares?.ToString(CultureInfo.InvariantCulture));
            Write(cpuDir, "cpu.cfs_period_us", limits.CpuPeriod?.ToString(CultureInfo.InvariantCulture));
            Write(cpuDir, "cpu.cfs_quota_us", limits.CpuQuota?.ToString(CultureInfo.InvariantCulture));
            Write(memoryDir, "memory.limit_in_bytes", limits.MemoryLimitBytes?.ToString(CultureInfo.InvariantCulture));
        }

        return made;
    }

    public void RemoveIfEmpty(string parent)
    {
        var relative = parent.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Contains(".."))
        {
            return;
        }

        foreach (var dir in _unified ? [Path.Combine(mountRoot, relative)] : new[] { "cpu", "memory" }.Select(h => Path.Combine(mountRoot, h, relative)))
        {
            try
            {
                // rmdir: a cgroup that still has processes or children refuses, and stays.
                Directory.Delete(dir, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void Write(string dir, string file, string? value)
    {
        var path = Path.Combine(dir, file);
        if (value is null || !File.Exists(path))
        {
            return;
        }

        try
        {
            File.WriteAllText(path, value);
        }
        catch (IOException e)
        {
            throw CriException.FailedPrecondition($"pod cgroup {dir}: writing {value} to {file} was refused: {e.Message}");
        }
    }
}
