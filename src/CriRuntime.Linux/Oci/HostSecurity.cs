using System.Globalization;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;

namespace CriRuntime.Linux.Oci;

/// <summary>
/// Reads the LSM state from sysfs and the daemon's own limits from procfs once, at first use: none of them changes while
/// the daemon runs (the bounding set only shrinks by the process's own prctl, and oom_score_adj is set before exec).
/// </summary>
public sealed class HostSecurity : IHostSecurity
{
    private readonly Lazy<bool> _appArmor = new(() => ReadFlag("/sys/module/apparmor/parameters/enabled"));
    private readonly Lazy<IReadOnlyList<string>> _boundingCapabilities = new(ReadBoundingCapabilities);
    private readonly Lazy<int> _oomScoreAdj = new(ReadOomScoreAdj);

    public bool AppArmorEnabled => _appArmor.Value;

    public IReadOnlyList<string> BoundingCapabilities => _boundingCapabilities.Value;

    public int OomScoreAdj => _oomScoreAdj.Value;

    private static IReadOnlyList<string> ReadBoundingCapabilities()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
            if (line is not null && ulong.TryParse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                return SpecOpts.CapabilitiesFromMask(mask);
            }
        }
        catch (IOException)
        {
        }

        return SpecOpts.AllCapabilities;
    }

    private static int ReadOomScoreAdj()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return -1000;
        }
    }

    /// <summary>A kernel module parameter of <c>Y</c>; false when the file is missing (the module is not built in).</summary>
    private static bool ReadFlag(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim() == "Y";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
