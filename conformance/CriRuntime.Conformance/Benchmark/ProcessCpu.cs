using System.Globalization;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>CPU time a process has used (user + system, <c>/proc/PID/stat</c> fields 14 and 15), in seconds.</summary>
internal static class ProcessCpu
{
    /// <summary>USER_HZ: the unit of those fields on Linux.</summary>
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }
}
