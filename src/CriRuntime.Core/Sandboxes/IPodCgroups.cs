using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Sandboxes;

/// <summary>Writes pod-level limits into a pod's cgroup (CRI <c>cgroup_parent</c>); implemented for cgroup v1 and v2 in CriRuntime.Linux.</summary>
public interface IPodCgroups
{
    /// <summary>
    /// Writes <paramref name="limits"/> into the pod cgroup <paramref name="parent"/> (a cgroupfs path, or a systemd
    /// slice name with <paramref name="systemd"/>). With the cgroupfs driver a missing cgroup is made (true is
    /// returned: the caller removes it with the pod); a slice is systemd's and is never made. A value the kernel
    /// refuses (a memory limit below the pod's usage) is FailedPrecondition naming the file.
    /// </summary>
    bool Apply(string parent, bool systemd, PodCgroupLimits limits);

    /// <summary>Removes a pod cgroup <see cref="Apply"/> made, in every hierarchy, when it is empty.</summary>
    void RemoveIfEmpty(string parent);
}
