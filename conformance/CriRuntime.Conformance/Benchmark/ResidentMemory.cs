using System.Globalization;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// Resident memory of a runtime's processes: the daemon serving the socket, and every process whose command line
/// names the socket's directory (criruntime's shims and containerd's shims both do).
/// </summary>
internal static class ResidentMemory
{
    public static (long DaemonKiB, long HelpersKiB, int Helpers) Of(string socketPath)
    {
        var helpers = Helpers(socketPath);
        return (Rss(ServerPid(socketPath)), helpers.Sum(Rss), helpers.Count);
    }

    /// <summary>
    /// The helper processes' (shims') smaps_rollup as figures "memory WHEN: per shim Rss/Pss/Private (KiB)", the mean
    /// over all of them, and "shims per container" (criruntime: one per container and one per pod; containerd 1.6:
    /// one per pod).
    /// </summary>
    public static void RecordShims(BenchmarkResult result, string socketPath, string when, int containers)
    {
        var rollups = Helpers(socketPath).Select(SmapsRollup.Read).OfType<SmapsRollup>().ToList();
        if (rollups.Count == 0)
        {
            return;
        }

        var mean = SmapsRollup.Mean(rollups);
        result.Figures[$"memory {when}: per shim Rss (KiB)"] = mean.RssKiB;
        result.Figures[$"memory {when}: per shim Pss (KiB)"] = mean.PssKiB;
        result.Figures[$"memory {when}: per shim Private (KiB)"] = mean.PrivateKiB;
        result.Figures[$"memory {when}: shims per container"] = rollups.Count / (double)Math.Max(containers, 1);
    }

    /// <summary>Every process but the daemon and this one whose command line names the socket's directory.</summary>
    private static List<int> Helpers(string socketPath)
    {
        var daemon = ServerPid(socketPath);
        var dir = Path.GetDirectoryName(socketPath) ?? socketPath;
        var helpers = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(proc), out var pid) && pid != daemon && pid != Environment.ProcessId
                && CommandLine(pid).Contains(dir, StringComparison.Ordinal))
            {
                helpers.Add(pid);
            }
        }

        return helpers;
    }

    /// <summary>The process holding the listening socket: its inode from /proc/net/unix, then the fd pointing at it.</summary>
    internal static int ServerPid(string socketPath)
    {
        string? inode = null;
        foreach (var line in File.ReadLines("/proc/net/unix"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 8 && fields[^1] == socketPath && fields[5] == "01")
            {
                inode = fields[6];
                break;
            }
        }

        if (inode is null)
        {
            return -1;
        }

        var target = $"socket:[{inode}]";
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(proc, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget == target)
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited or is not ours to read.
            }
        }

        return -1;
    }

    internal static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
