using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Sandboxes;

/// <summary>Pod-level resources and overhead written into the pod cgroup (<c>cgroup_parent</c>) through <see cref="IPodCgroups"/>.</summary>
public sealed partial class SandboxManager
{
    /// <summary>
    /// Writes the limits of <see cref="PodCgroupLimits.From"/> into the pod cgroup; nothing without a cgroup parent,
    /// resources or a writer. True when the cgroup was made for it.
    /// </summary>
    private bool ApplyPodCgroup(string handler, string parent, ResourceLimits? resources, ResourceLimits? overhead)
    {
        if (_podCgroups is null || parent.Length == 0 || PodCgroupLimits.From(resources, overhead) is not { } limits)
        {
            return false;
        }

        var handlerName = handler.Length > 0 ? handler : _runtimes.DefaultHandler;
        return _podCgroups.Apply(parent, _runtimes.Get(handlerName).SystemdCgroup, limits);
    }

    /// <summary>Removes the pod cgroup when this runtime made it and it is empty.</summary>
    private void RemovePodCgroup(string parent, bool made)
    {
        if (made)
        {
            _podCgroups?.RemoveIfEmpty(parent);
        }
    }
}
