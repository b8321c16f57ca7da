using System.Globalization;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;

namespace CriRuntime.Linux.Oci;

/// <summary>Reads the LSM state from sysfs once, at first use; the daemon's own limits from procfs at each use.</summary>
public sealed class HostSecurity : IHostSecurity
{
    private readonly Lazy<bool> _appArmor = new(() => ReadFlag("/sys/module/apparmor/parameters/enabled"));

    public bool AppArmorEnabled => _appArmor.Value;

    public IReadOnlyList<string> BoundingCapabilities
    {
        get
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
    }

    public int OomScoreAdj
    {
        get
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
