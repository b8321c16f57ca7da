using CriRuntime.Core.Runtime;

namespace CriRuntime.Linux.Oci;

/// <summary>Reads the LSM state from sysfs once, at first use.</summary>
public sealed class HostSecurity : IHostSecurity
{
    private readonly Lazy<bool> _appArmor = new(() => ReadFlag("/sys/module/apparmor/parameters/enabled"));

    public bool AppArmorEnabled => _appArmor.Value;

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
