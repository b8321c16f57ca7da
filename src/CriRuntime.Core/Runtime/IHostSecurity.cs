namespace CriRuntime.Core.Runtime;

/// <summary>The host's Linux security modules, as containers can use them.</summary>
public interface IHostSecurity
{
    /// <summary>Whether the AppArmor LSM is enabled in the running kernel (profiles can be applied).</summary>
    bool AppArmorEnabled { get; }
}
