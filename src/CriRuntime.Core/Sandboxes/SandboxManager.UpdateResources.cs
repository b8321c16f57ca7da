using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// UpdatePodSandboxResources (in-place pod resize): writes the pod's new overhead and pod-level resources into its
    /// cgroup (<c>cgroup_parent</c>, <see cref="PodCgroupLimits"/>), then records them. Each container is resized by
    /// UpdateContainerResources. NotFound for an unknown sandbox, FailedPrecondition for one removed meanwhile or a
    /// limit the kernel refuses (a memory limit below the pod's usage).
    /// </summary>
    public async Task UpdateResourcesAsync(string id, ResourceLimits? overhead, ResourceLimits? resources, CancellationToken cancellationToken)
    {
        var entry = Require(id);
        using var timer = Time("update_resources", entry.Record.Handler);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            if (entry.Deleted)
            {
                throw CriException.FailedPrecondition($"sandbox {entry.Record.Id} was removed");
            }

            var record = entry.Record;
            ApplyPodCgroup(record.Handler, record.CgroupParent, resources ?? record.Resources, overhead ?? record.Overhead);
            _sandboxes.Update(entry, r => r with { Overhead = overhead ?? r.Overhead, Resources = resources ?? r.Resources });
        }
        finally
        {
            entry.Lock.Release();
        }
    }
}
