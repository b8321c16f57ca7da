using System.Globalization;
using CriRuntime.Core.Spec;

namespace CriRuntime.Linux.Cgroups;

/// <summary>
/// Finds out once what the host's cgroups can enforce. v1 (or hybrid, where runc uses the v1 controllers): the
/// controllers of the <c>cgroup</c> mounts in <c>/proc/self/mounts</c>; v2: <c>cgroup.controllers</c> of the root the
/// containers' cgroups live under. The roots are arguments so tests point them at fixture trees.
/// </summary>
public static class CgroupCapabilityProbe
{
    public static CgroupCapabilities Probe(string mountRoot = "/sys/fs/cgroup", string procRoot = "/proc", string sysRoot = "/sys")
    {
        var unified = File.Exists(Path.Combine(mountRoot, "cgroup.controllers"));
        var controllers = unified ? V2Controllers(mountRoot) : V1Controllers(procRoot);
        return new CgroupCapabilities
        {
            Version = unified ? 2 : 1,
            Controllers = controllers,
            HugepageSizes = HugepageSizes(Path.Combine(sysRoot, "kernel", "mm", "hugepages")),
            MemorySwap = controllers.Contains("memory") && (unified
                ? V2HasSwap(mountRoot, procRoot)
                : File.Exists(Path.Combine(mountRoot, "memory", "memory.memsw.limit_in_bytes"))),
            CpuRealtime = !unified && File.Exists(Path.Combine(mountRoot, "cpu", "cpu.rt_runtime_us")),
            BlkioWeight = unified
                ? controllers.Contains("io")
                : File.Exists(Path.Combine(mountRoot, "blkio", "blkio.weight_device")) || File.Exists(Path.Combine(mountRoot, "blkio", "blkio.bfq.weight_device")),
            OnlineCpus = ReadTrimmed(Path.Combine(sysRoot, "devices", "system", "cpu", "online")),
            OnlineMems = ReadTrimmed(Path.Combine(sysRoot, "devices", "system", "node", "online")),
        };
    }

    /// <summary><c>hugepages-2048kB</c> is the CRI's <c>2MB</c>: the largest unit that divides the size (as kubelet names them).</summary>
    public static string PageSizeName(long kilobytes) => kilobytes switch
    {
        _ when kilobytes % (1024 * 1024) == 0 => (kilobytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + "GB",
        _ when kilobytes % 1024 == 0 => (kilobytes / 1024).ToString(CultureInfo.InvariantCulture) + "MB",
        _ => kilobytes.ToString(CultureInfo.InvariantCulture) + "KB",
    };

    private static HashSet<string> V2Controllers(string mountRoot) =>
        new(ReadTrimmed(Path.Combine(mountRoot, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static HashSet<string> V1Controllers(string procRoot)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ReadLines(Path.Combine(procRoot, "cgroups")).Where(l => !l.StartsWith('#')))
        {
            var fields = line.Split('\t', ' ');
            if (fields.Length >= 4 && fields[^1] == "1")
            {
                known.Add(fields[0]);
            }
        }

        var mounted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fields in ReadLines(Path.Combine(procRoot, "self", "mounts")).Select(l => l.Split(' ')).Where(f => f.Length >= 4 && f[2] == "cgroup"))
        {
            mounted.UnionWith(fields[3].Split(',').Where(known.Contains));
        }

        return mounted;
    }

    /// <summary>memory.swap.max exists in every non-root cgroup when swap is accounted; look at the daemon's own.</summary>
    private static bool V2HasSwap(string mountRoot, string procRoot)
    {
        var own = ReadLines(Path.Combine(procRoot, "self", "cgroup")).Select(l => l.Split(':', 3)).FirstOrDefault(f => f.Length == 3 && f[0] == "0")?[2];
        return own is not null && own != "/" && File.Exists(Path.Combine(mountRoot, own.TrimStart('/'), "memory.swap.max"));
    }

    private static List<string> HugepageSizes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return
        [
            .. Directory.EnumerateDirectories(directory, "hugepages-*kB")
                .Select(d => Path.GetFileName(d)["hugepages-".Length..^2])
                .Select(k => long.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : 0)
                .Where(kb => kb > 0)
                .Order()
                .Select(PageSizeName),
        ];
    }

    private static string ReadTrimmed(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        try
        {
            return File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
