using System.Globalization;
using System.Text.RegularExpressions;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Spec;

/// <summary>Limits fitted to the host, and what was left out because the host cannot enforce it.</summary>
/// <param name="Limits">What the spec gets.</param>
/// <param name="Dropped">One entry per field left out, naming the CRI field and why (empty when nothing was).</param>
public sealed record FittedResources(ResourceLimits Limits, IReadOnlyList<string> Dropped);

/// <summary>
/// Fits CRI <c>LinuxContainerResources</c> to what the host's cgroups can do, as containerd does by default: limits of a
/// controller the host lacks are dropped (kubelet sends a zero hugepage limit for every page size whether or not
/// hugetlb is mounted, swap limits where swap is not accounted, and <c>unified</c> keys are v2 only). A value the host
/// could honour but would refuse is an <see cref="ErrorKind.InvalidArgument"/> naming the field, so the caller never
/// sees the OCI runtime's raw error text. Pure: no file system, no kernel.
/// </summary>
public static partial class ResourceFit
{
    private const string Field = "linux.resources.";

    /// <summary>Checks <paramref name="limits"/> and drops what <paramref name="host"/> cannot enforce.</summary>
    /// <exception cref="CriException">InvalidArgument naming the field of a malformed or out-of-range value.</exception>
    public static FittedResources Fit(ResourceLimits limits, CgroupCapabilities host)
    {
        var dropped = new List<string>();
        CheckCpu(limits);
        CheckMemory(limits);
        CheckCpuSet(limits.CpusetCpus, host.OnlineCpus, "cpuset_cpus", "CPUs");
        CheckCpuSet(limits.CpusetMems, host.OnlineMems, "cpuset_mems", "memory nodes");

        var hugepages = limits.HugepageLimits;
        foreach (var size in hugepages.Keys.Where(s => !PageSize().IsMatch(s)))
        {
            throw CriException.InvalidArgument($"{Field}hugepage_limits: page size \"{size}\" is not a number followed by KB, MB or GB");
        }

        if (hugepages.Count > 0 && !host.Hugetlb)
        {
            dropped.Add("hugepage_limits (the hugetlb controller is not available)");
            hugepages = new Dictionary<string, ulong>(StringComparer.Ordinal);
        }
        else if (hugepages.Keys.FirstOrDefault(s => !host.HugepageSizes.Contains(s, StringComparer.Ordinal)) is { } unknown)
        {
            throw CriException.InvalidArgument(
                $"{Field}hugepage_limits: page size \"{unknown}\" is not one the host offers ({string.Join(", ", host.HugepageSizes.DefaultIfEmpty("none"))})");
        }

        var swap = limits.MemorySwapLimitInBytes;
        if (swap != 0 && !host.MemorySwap)
        {
            dropped.Add("memory_swap_limit_in_bytes (swap is not accounted by the memory controller)");
            swap = 0;
        }

        var unified = FitUnified(limits.Unified, host, dropped);
        var fitted = limits with { HugepageLimits = hugepages, MemorySwapLimitInBytes = swap, Unified = unified };
        return new FittedResources(fitted, dropped);
    }

    private static void CheckCpu(ResourceLimits limits)
    {
        if (limits.CpuShares < 0)
        {
            throw CriException.InvalidArgument($"{Field}cpu_shares: {limits.CpuShares} is negative");
        }

        // The kernel's CFS bandwidth bounds: a period of 1 ms to 1 s, a quota of at least 1 ms (or -1: unlimited).
        if (limits.CpuPeriod != 0 && limits.CpuPeriod is < 1000 or > 1_000_000)
        {
            throw CriException.InvalidArgument($"{Field}cpu_period: {limits.CpuPeriod} µs is outside 1000-1000000");
        }

        if (limits.CpuQuota is not (0 or -1) && limits.CpuQuota < 1000)
        {
            throw CriException.InvalidArgument($"{Field}cpu_quota: {limits.CpuQuota} µs is below 1000 (and not -1, unlimited)");
        }
    }

    private static void CheckMemory(ResourceLimits limits)
    {
        if (limits.MemoryLimitInBytes < 0)
        {
            throw CriException.InvalidArgument($"{Field}memory_limit_in_bytes: {limits.MemoryLimitInBytes} is negative");
        }

        var swap = limits.MemorySwapLimitInBytes;
        if (swap < -1)
        {
            throw CriException.InvalidArgument($"{Field}memory_swap_limit_in_bytes: {swap} is negative (and not -1, unlimited)");
        }

        if (swap > 0 && limits.MemoryLimitInBytes == 0)
        {
            throw CriException.InvalidArgument($"{Field}memory_swap_limit_in_bytes: set without memory_limit_in_bytes");
        }

        if (swap > 0 && swap < limits.MemoryLimitInBytes)
        {
            throw CriException.InvalidArgument(
                $"{Field}memory_swap_limit_in_bytes: {swap} is below memory_limit_in_bytes {limits.MemoryLimitInBytes} (it limits memory plus swap)");
        }
    }

    private static void CheckCpuSet(string requested, string online, string field, string what)
    {
        if (requested.Length == 0)
        {
            return;
        }

        var wanted = ParseList(requested) ?? throw CriException.InvalidArgument($"{Field}{field}: \"{requested}\" is not a list such as 0-3,5");
        if (online.Length > 0 && ParseList(online) is { } available && wanted.FirstOrDefault(n => !available.Contains(n), -1) is var missing and >= 0)
        {
            throw CriException.InvalidArgument($"{Field}{field}: {missing} is not one of the host's online {what} ({online})");
        }
    }

    /// <summary>The numbers of a kernel list (<c>0-3,5</c>); null when malformed.</summary>
    public static HashSet<int>? ParseList(string list)
    {
        var result = new HashSet<int>();
        foreach (var part in list.Trim().Split(','))
        {
            var bounds = part.Split('-');
            if (bounds.Length is < 1 or > 2
                || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                || !int.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                || high < low || high - low > 65536)
            {
                return null;
            }

            for (var n = low; n <= high; n++)
            {
                result.Add(n);
            }
        }

        return result;
    }

    private static Dictionary<string, string> FitUnified(IReadOnlyDictionary<string, string> unified, CgroupCapabilities host, List<string> dropped)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in unified)
        {
            // A key names a file in the container's cgroup directory: nothing that could leave it.
            if (!UnifiedKey().IsMatch(key))
            {
                throw CriException.InvalidArgument($"{Field}unified: key \"{key}\" is not a cgroup v2 file name such as memory.high");
            }

            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw CriException.InvalidArgument($"{Field}unified: the value of \"{key}\" spans lines");
            }

            var controller = key[..key.IndexOf('.', StringComparison.Ordinal)];
            if (controller == "cgroup" && key is not ("cgroup.max.depth" or "cgroup.max.descendants"))
            {
                // cgroup.procs, cgroup.subtree_control and the like move processes or reshape the tree.
                throw CriException.InvalidArgument($"{Field}unified: \"{key}\" is not a limit");
            }

            if (!host.Unified)
            {
                dropped.Add($"unified[{key}] (cgroup v1 has no unified hierarchy)");
            }
            else if (controller != "cgroup" && !host.Controllers.Contains(controller))
            {
                dropped.Add($"unified[{key}] (the {controller} controller is not available)");
            }
            else if (key.StartsWith("memory.swap.", StringComparison.Ordinal) && !host.MemorySwap)
            {
                dropped.Add($"unified[{key}] (swap is not accounted by the memory controller)");
            }
            else
            {
                result[key] = value;
            }
        }

        return result;
    }

    [GeneratedRegex("^[1-9][0-9]*[KMG]B$")]
    private static partial Regex PageSize();

    [GeneratedRegex("^[a-z][a-z0-9_]*\\.[a-z0-9_.]+$")]
    private static partial Regex UnifiedKey();
}
