using System.Globalization;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Linux.Cgroups;

/// <summary>
/// Container resource usage from cgroup v1 (cpuacct, memory) or v2 (cpu.stat, memory.current), found through the
/// process's <c>/proc/PID/cgroup</c>, so the same code serves the cgroupfs and systemd drivers. The mount root is
/// an argument so tests can point it at a temporary tree; <paramref name="capabilities"/> null probes that tree on
/// first use (<see cref="CgroupCapabilityProbe"/>).
/// </summary>
public sealed class CgroupReader(string mountRoot = "/sys/fs/cgroup", string procRoot = "/proc", CgroupCapabilities? capabilities = null) : ICgroupReader
{
    private readonly Lazy<CgroupCapabilities> _capabilities = new(() => capabilities ?? CgroupCapabilityProbe.Probe(mountRoot, procRoot));

    // The hierarchy does not change while the daemon runs: the start-up probe's answer, not a stat per call.
    private bool IsUnified => Capabilities.Unified;

    public CgroupCapabilities Capabilities => _capabilities.Value;

    public string ContainerPath(string parent, string id, bool systemd) => CgroupPaths.ForContainer(parent, id, systemd);

    public CgroupUsage? ReadForProcess(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "cgroup"));
        }
        catch (IOException)
        {
            return null;
        }

        var now = Clock.NowNanos(TimeProvider.System);
        return IsUnified ? ReadV2(lines, now) : ReadV1(lines, now);
    }

    public CgroupUsage? ReadForParent(string parent, bool systemd)
    {
        var relative = systemd ? CgroupPaths.ExpandSlice(Path.GetFileName(parent.TrimEnd('/'))) : parent.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Contains(".."))
        {
            return null;
        }

        var now = Clock.NowNanos(TimeProvider.System);
        if (IsUnified)
        {
            var dir = Path.Combine(mountRoot, relative);
            return System.IO.Directory.Exists(dir) ? ReadV2Dir(dir, now) : null;
        }

        var memory = Path.Combine(mountRoot, "memory", relative);
        var cpu = new[] { "cpuacct", "cpu,cpuacct" }.Select(h => Path.Combine(mountRoot, h, relative)).FirstOrDefault(System.IO.Directory.Exists);
        return System.IO.Directory.Exists(memory) || cpu is not null
            ? ReadV1Dirs(cpu, System.IO.Directory.Exists(memory) ? memory : null, now)
            : null;
    }

    public void RemoveIfEmpty(string cgroupsPath, bool systemd)
    {
        if (cgroupsPath.Length == 0)
        {
            return;
        }

        var relative = CgroupPaths.Directory(cgroupsPath, systemd);
        if (relative.Length == 0 || relative.Contains("..", StringComparison.Ordinal))
        {
            return;
        }

        var hierarchies = IsUnified ? [mountRoot] : System.IO.Directory.EnumerateDirectories(mountRoot)
            .Where(d => new DirectoryInfo(d).LinkTarget is null);
        foreach (var hierarchy in hierarchies)
        {
            var dir = Path.Combine(hierarchy, relative);
            if (System.IO.Directory.Exists(dir))
            {
                try
                {
                    // rmdir: a cgroup with processes or children refuses, which is what we want.
                    System.IO.Directory.Delete(dir, recursive: false);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    public bool WasOomKilled(string cgroupsPath, bool systemd)
    {
        var relative = CgroupPaths.Directory(cgroupsPath, systemd);
        return IsUnified
            ? ReadKeyed(Path.Combine(mountRoot, relative, "memory.events"), "oom_kill") > 0
            : ReadKeyed(Path.Combine(mountRoot, "memory", relative, "memory.oom_control"), "oom_kill") > 0;
    }

    private CgroupUsage? ReadV2(string[] lines, long now)
    {
        var path = lines.Select(l => l.Split(':', 3)).FirstOrDefault(f => f.Length == 3 && f[0] == "0")?[2];
        if (path is null)
        {
            return null;
        }

        return ReadV2Dir(Path.Combine(mountRoot, path.TrimStart('/')), now);
    }

    private static CgroupUsage ReadV2Dir(string dir, long now)
    {
        var cpu = ReadKeyed(Path.Combine(dir, "cpu.stat"), "usage_usec") * 1000;
        var usage = ReadNumber(Path.Combine(dir, "memory.current"));
        var stat = ReadKeyedAll(Path.Combine(dir, "memory.stat"));
        var inactive = stat.GetValueOrDefault("inactive_file");
        return new CgroupUsage(now, cpu, usage > inactive ? usage - inactive : 0, usage)
        {
            MemoryRssBytes = stat.GetValueOrDefault("anon"),
            MemoryCacheBytes = stat.GetValueOrDefault("file"),
            PageFaults = stat.GetValueOrDefault("pgfault"),
            MajorPageFaults = stat.GetValueOrDefault("pgmajfault"),
            MemoryLimitBytes = ReadNumber(Path.Combine(dir, "memory.max")),
            CpuPressure = ReadPressure(Path.Combine(dir, "cpu.pressure")),
            MemoryPressure = ReadPressure(Path.Combine(dir, "memory.pressure")),
            IoPressure = ReadPressure(Path.Combine(dir, "io.pressure")),
        };
    }

    private CgroupUsage? ReadV1(string[] lines, long now)
    {
        string? cpuDir = null;
        string? memoryDir = null;
        foreach (var fields in lines.Select(l => l.Split(':', 3)).Where(f => f.Length == 3))
        {
            var controllers = fields[1].Split(',');
            if (controllers.Contains("cpuacct"))
            {
                cpuDir = Path.Combine(mountRoot, fields[1], fields[2].TrimStart('/'));
                if (!System.IO.Directory.Exists(cpuDir))
                {
                    cpuDir = Path.Combine(mountRoot, "cpuacct", fields[2].TrimStart('/'));
                }
            }
            else if (controllers.Contains("memory"))
            {
                memoryDir = Path.Combine(mountRoot, "memory", fields[2].TrimStart('/'));
            }
        }

        return cpuDir is null && memoryDir is null ? null : ReadV1Dirs(cpuDir, memoryDir, now);
    }

    private static CgroupUsage ReadV1Dirs(string? cpuDir, string? memoryDir, long now)
    {
        var cpu = cpuDir is null ? 0 : ReadNumber(Path.Combine(cpuDir, "cpuacct.usage"));
        ulong usage = 0;
        ulong limit = 0;
        var stat = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (memoryDir is not null)
        {
            usage = ReadNumber(Path.Combine(memoryDir, "memory.usage_in_bytes"));
            limit = ReadNumber(Path.Combine(memoryDir, "memory.limit_in_bytes"));
            stat = ReadKeyedAll(Path.Combine(memoryDir, "memory.stat"));
        }

        var inactive = stat.GetValueOrDefault("total_inactive_file");
        return new CgroupUsage(now, cpu, usage > inactive ? usage - inactive : 0, usage)
        {
            MemoryRssBytes = stat.GetValueOrDefault("total_rss"),
            MemoryCacheBytes = stat.GetValueOrDefault("total_cache"),
            PageFaults = stat.GetValueOrDefault("total_pgfault"),
            MajorPageFaults = stat.GetValueOrDefault("total_pgmajfault"),
            // v1 writes "unlimited" as the largest page-aligned signed value.
            MemoryLimitBytes = limit >= UnlimitedV1 ? 0 : limit,
        };
    }

    /// <summary>v1's unlimited memory.limit_in_bytes: LONG_MAX rounded down to a page; anything this large is no limit.</summary>
    private const ulong UnlimitedV1 = 1UL << 62;

    private static PressureStall? ReadPressure(string file)
    {
        try
        {
            return PressureStall.Parse(File.ReadAllText(file));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static Dictionary<string, ulong> ReadKeyedAll(string file)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && ulong.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    values[parts[0]] = value;
                }
            }
        }
        catch (IOException)
        {
        }

        return values;
    }

    private static ulong ReadNumber(string file)
    {
        try
        {
            return ulong.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static ulong ReadKeyed(string file, string key) => ReadKeyedAll(file).GetValueOrDefault(key);
}
