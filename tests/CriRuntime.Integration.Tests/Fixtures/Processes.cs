using System.Globalization;

namespace CriRuntime.Integration.Tests.Fixtures;

/// <summary>Processes of the host found through /proc (a process that exits while it is read counts as gone).</summary>
internal static class Processes
{
    /// <summary>PIDs whose command line, arguments joined by spaces, is exactly <paramref name="commandLine"/>.</summary>
    public static List<int> WithCommandLine(string commandLine) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var p) ? p : 0, Dir: d))
            .Where(p => p.Pid > 0 && Read(Path.Combine(p.Dir, "cmdline")).Replace('\0', ' ').Trim() == commandLine)
            .Select(p => p.Pid)];

    /// <summary>PIDs whose parent is <paramref name="pid"/>.</summary>
    public static List<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var p) ? p : 0, Stat: Read(Path.Combine(d, "stat"))))
            .Where(p => p.Pid > 0 && p.Stat.Length > 0 && p.Stat[(p.Stat.LastIndexOf(')') + 2)..].Split(' ')[1] == pid.ToString(CultureInfo.InvariantCulture))
            .Select(p => p.Pid)];

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
