namespace CriRuntime.Core.Runtime;

/// <summary>
/// The host's Linux security modules, and the daemon's own process limits that bound what a container can get.
/// Implemented on the host by CriRuntime.Linux (<c>HostSecurity</c>).
/// </summary>
public interface IHostSecurity
{
    /// <summary>Whether the AppArmor LSM is enabled in the running kernel (profiles can be applied).</summary>
    bool AppArmorEnabled { get; }

    /// <summary>
    /// The daemon's bounding capability set (<c>CapBnd</c> of <c>/proc/self/status</c>, as <c>CAP_*</c> names): what a
    /// privileged container can get; every capability when it cannot be read.
    /// </summary>
    IReadOnlyList<string> BoundingCapabilities { get; }

    /// <summary>The daemon's own <c>oom_score_adj</c> (-1000 to 1000): the lowest a container may get; -1000 when unreadable.</summary>
    int OomScoreAdj { get; }
}
